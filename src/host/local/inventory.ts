// Reads an Ansible inventory for the fleet: through `ansible-inventory --list` when Ansible is
// installed (dynamic inventories and every Ansible rule then apply as in Ansible), else the static
// INI or YAML file parsed here.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { InventoryError, inventoryHosts, parseAnsibleInventoryJson, parseInventoryText, type InventoryHost } from '../../core/inventory.js';

export async function readInventory(file: string, limit?: string): Promise<{ hosts: InventoryHost[]; via: 'ansible-inventory' | 'file' }> {
  const ansible = await execa('ansible-inventory', ['-i', file, '--list'], { reject: false, timeout: 60_000, stdin: 'ignore' });
  const installed = typeof ansible.exitCode === 'number';
  if (installed && ansible.exitCode === 0) return { hosts: inventoryHosts(parseAnsibleInventoryJson(String(ansible.stdout)), limit), via: 'ansible-inventory' };
  if (installed) throw new InventoryError(`ansible-inventory -i ${file} --list failed: ${String(ansible.stderr).trim().split('\n').pop() || `exit status ${ansible.exitCode}`}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InventoryError(`cannot read the inventory ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
  }
  return { hosts: inventoryHosts(parseInventoryText(text, file), limit), via: 'file' };
}
