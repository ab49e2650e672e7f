// Ansible inventories as svctui's fleet: static INI and YAML files, or `ansible-inventory --list`'s
// JSON (dynamic inventories, exactly as Ansible resolves them). Hosts keep their inventory name;
// ansible_host, ansible_port and ansible_user make the ssh destination. --limit takes Ansible's
// patterns: names or globs of hosts and groups, joined by ":" or ",", "&" to intersect, "!" to
// exclude. Pure: the text comes in, the hosts go out.
import { parse as parseYaml } from 'yaml';

export { InventoryError, type InventoryHost } from './inventoryHost.js';
import { InventoryError, type InventoryHost } from './inventoryHost.js';

/** Ansible's truthy words for a boolean variable. */
const truthy = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && /^(true|yes|on|1|y)$/i.test(v.trim()));

type Vars = Record<string, unknown>;

interface Inventory {
  hostVars: Map<string, Vars>;
  groups: Map<string, { hosts: Set<string>; children: Set<string>; vars: Vars }>;
}

const emptyInventory = (): Inventory => ({ hostVars: new Map(), groups: new Map([['all', { hosts: new Set(), children: new Set(), vars: {} }]]) });

function group(inv: Inventory, name: string) {
  let g = inv.groups.get(name);
  if (!g) inv.groups.set(name, (g = { hosts: new Set(), children: new Set(), vars: {} }));
  return g;
}

/** Ansible's host ranges: web[01:03], db-[a:c], with an optional step (web[1:9:2]). */
export function expandAnsibleRange(pattern: string): string[] {
  const m = /^(.*?)\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\](.*)$/i.exec(pattern);
  if (!m) return [pattern];
  const [, head, from, to, stepText, tail] = m as unknown as [string, string, string, string, string | undefined, string];
  const step = Number(stepText ?? 1);
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.startsWith('0') && from.length > 1 ? from.length : 0;
    for (let n = Number(from); n <= Number(to); n += step) out.push(String(n).padStart(width, '0'));
  } else if (from.length === 1 && to.length === 1) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += step) out.push(String.fromCharCode(c));
  } else throw new InventoryError(`"${pattern}": [${from}:${to}] is not a range Ansible knows (numbers, or single letters)`);
  if (out.length > 10_000) throw new InventoryError(`"${pattern}" is ${out.length} hosts; at most 10000 are taken`);
  return out.flatMap((v) => expandAnsibleRange(`${head}${v}${tail}`));
}

/** key=value words of an INI line (values may be quoted). */
function iniVars(words: string): Vars {
  const vars: Vars = {};
  for (const m of words.matchAll(/(\w+)=("([^"]*)"|'([^']*)'|\S+)/g)) vars[m[1]!] = m[3] ?? m[4] ?? m[2]!;
  return vars;
}

export function parseIniInventory(text: string): Inventory {
  const inv = emptyInventory();
  let section = { name: 'ungrouped', kind: 'hosts' as 'hosts' | 'children' | 'vars' };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[([^\]:]+)(?::(children|vars))?\]$/.exec(line);
    if (head) {
      section = { name: head[1]!, kind: (head[2] as 'children' | 'vars' | undefined) ?? 'hosts' };
      group(inv, section.name);
      return;
    }
    if (line.startsWith('[')) throw new InventoryError(`line ${i + 1}: "${line}" is not a group header such as [web], [web:children] or [web:vars]`);
    if (section.kind === 'vars') {
      Object.assign(group(inv, section.name).vars, iniVars(line));
      return;
    }
    const [first = '', ...rest] = line.replace(/\s+#.*$/, '').split(/\s+/);
    if (section.kind === 'children') {
      group(inv, section.name).children.add(first);
      group(inv, first);
      return;
    }
    for (const host of expandAnsibleRange(first)) {
      group(inv, section.name).hosts.add(host);
      inv.hostVars.set(host, { ...inv.hostVars.get(host), ...iniVars(rest.join(' ')) });
    }
  });
  return inv;
}

export function parseYamlInventory(text: string): Inventory {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new InventoryError(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new InventoryError('a YAML inventory is a map of groups (all: hosts: …)');
  const inv = emptyInventory();
  const walk = (name: string, node: unknown) => {
    const g = group(inv, name);
    if (!node || typeof node !== 'object') return;
    const n = node as { hosts?: Record<string, Vars | null>; children?: Record<string, unknown>; vars?: Vars };
    for (const [pattern, vars] of Object.entries(n.hosts ?? {})) {
      for (const host of expandAnsibleRange(pattern)) {
        g.hosts.add(host);
        inv.hostVars.set(host, { ...inv.hostVars.get(host), ...(vars ?? {}) });
      }
    }
    Object.assign(g.vars, n.vars ?? {});
    for (const [child, sub] of Object.entries(n.children ?? {})) {
      g.children.add(child);
      walk(child, sub);
    }
  };
  for (const [name, node] of Object.entries(doc as Record<string, unknown>)) walk(name, node);
  return inv;
}

/** `ansible-inventory --list` output: groups with hosts and children, _meta.hostvars (vars already merged). */
export function parseAnsibleInventoryJson(text: string): Inventory {
  let doc: Record<string, { hosts?: string[]; children?: string[]; vars?: Vars; hostvars?: Record<string, Vars> }>;
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new InventoryError(`ansible-inventory did not print JSON: ${(err as Error).message}`);
  }
  const inv = emptyInventory();
  for (const [name, node] of Object.entries(doc)) {
    if (name === '_meta') continue;
    const g = group(inv, name);
    for (const h of node.hosts ?? []) g.hosts.add(h);
    for (const c of node.children ?? []) g.children.add(c);
    Object.assign(g.vars, node.vars ?? {});
  }
  for (const [host, vars] of Object.entries(doc._meta?.hostvars ?? {})) inv.hostVars.set(host, vars);
  return inv;
}

/** Every host of a group, its children's included. */
function hostsOf(inv: Inventory, name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const g = inv.groups.get(name);
  if (!g) return [];
  return [...g.hosts, ...[...g.children].flatMap((c) => hostsOf(inv, c, seen))];
}

const globRe = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** The hosts a --limit selects (Ansible's patterns), in inventory order. */
function limited(inv: Inventory, all: string[], limit: string | undefined): string[] {
  if (!limit) return all;
  let chosen = new Set<string>();
  const terms = limit.split(/[:,]/).map((t) => t.trim()).filter(Boolean);
  const matching = (term: string): Set<string> => {
    const re = globRe(term);
    const out = new Set<string>();
    for (const [name] of inv.groups) if (re.test(name)) for (const h of hostsOf(inv, name)) out.add(h);
    for (const h of all) if (re.test(h)) out.add(h);
    return out;
  };
  for (const t of terms) if (!t.startsWith('!') && !t.startsWith('&')) for (const h of matching(t)) chosen.add(h);
  for (const t of terms.filter((x) => x.startsWith('&'))) {
    const keep = matching(t.slice(1));
    chosen = new Set([...chosen].filter((h) => keep.has(h)));
  }
  for (const t of terms.filter((x) => x.startsWith('!'))) for (const h of matching(t.slice(1))) chosen.delete(h);
  return all.filter((h) => chosen.has(h));
}

/** The groups above a host, nearest last (so a nearer group's vars win), and its own vars last of all. */
function varsOf(inv: Inventory, host: string): { vars: Vars; groups: string[] } {
  const groups = [...inv.groups].filter(([, g]) => g.hosts.has(host)).map(([n]) => n);
  const parents = (name: string): string[] => [...inv.groups].filter(([, g]) => g.children.has(name)).flatMap(([n]) => [...parents(n), n]);
  const chain = ['all', ...new Set(groups.flatMap((g) => [...parents(g), g]))];
  const vars: Vars = {};
  for (const g of chain) Object.assign(vars, inv.groups.get(g)?.vars);
  Object.assign(vars, inv.hostVars.get(host));
  return { vars, groups: groups.filter((g) => g !== 'ungrouped' && g !== 'all') };
}

/** The inventory's hosts (after --limit) with their ssh destinations. */
export function inventoryHosts(inv: Inventory, limit?: string): InventoryHost[] {
  const all = [...new Set([...inv.hostVars.keys(), ...[...inv.groups.keys()].flatMap((g) => hostsOf(inv, g))])];
  return limited(inv, all, limit).map((name) => {
    const { vars, groups } = varsOf(inv, name);
    const address = String(vars.ansible_host ?? vars.ansible_ssh_host ?? name);
    const user = vars.ansible_user ?? vars.ansible_ssh_user;
    const port = vars.ansible_port ?? vars.ansible_ssh_port;
    const host = address.includes(':') && port !== undefined ? `[${address}]` : address;
    const becomeUser = vars.ansible_become_user;
    const become = truthy(vars.ansible_become) ? { ...(becomeUser !== undefined ? { user: String(becomeUser) } : {}) } : undefined;
    return { name, destination: `${user ? `${String(user)}@` : ''}${host}${port !== undefined ? `:${String(port)}` : ''}`, groups, ...(become ? { become } : {}) };
  });
}

/** An inventory file's text, by its form: YAML (.yml, .yaml, or starting with a map) or INI. */
export function parseInventoryText(text: string, fileName: string): Inventory {
  if (/\.ya?ml$/i.test(fileName) || /^\s*(---|\w[\w.-]*:\s*$)/m.test(text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '')) return parseYamlInventory(text);
  return parseIniInventory(text);
}
