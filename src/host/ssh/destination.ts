// -H [user@]host[:port]: what the user typed, checked before ssh ever sees it (a destination that
// starts with "-" would be an ssh option).

export interface Destination {
  user?: string;
  /** A host name, an address, or an alias from ~/.ssh/config. */
  host: string;
  port?: number;
  /** As given, for messages and the state key. */
  text: string;
}

export class DestinationError extends Error {
  override name = 'DestinationError';
}

/** Parses "[user@]host[:port]" (IPv6 in brackets: "[::1]:2222"). Throws DestinationError in words. */
export function parseDestination(text: string): Destination {
  const fail = (why: string) => new DestinationError(`-H "${text}": ${why} (use [user@]host[:port], e.g. root@web1 or admin@10.0.0.5:2222)`);
  if (!text) throw fail('it is empty');
  if (/[\s\x00-\x1f\x7f'"`$\\;|&<>()]/.test(text)) throw fail('it contains spaces, quotes or shell characters');
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  let rest = at >= 0 ? text.slice(at + 1) : text;
  if (user !== undefined && !/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(user)) throw fail('the user name is not valid');
  let port: number | undefined;
  let host: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw fail('a "[" without "]"');
    host = rest.slice(1, close);
    rest = rest.slice(close + 1);
    if (rest && !rest.startsWith(':')) throw fail('unexpected text after "]"');
    if (rest) port = portOf(rest.slice(1), fail);
  } else {
    const colon = rest.indexOf(':');
    if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) throw fail('an IPv6 address goes in brackets, e.g. [::1]:22');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    if (colon >= 0) port = portOf(rest.slice(colon + 1), fail);
  }
  if (!host) throw fail('the host is missing');
  if (host.startsWith('-') || !/^[A-Za-z0-9._:%-]+$/.test(host)) throw fail('the host name is not valid');
  return { user, host, port, text };
}

function portOf(text: string, fail: (why: string) => Error): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n < 1 || n > 65535) throw fail(`"${text}" is not a port (1-65535)`);
  return n;
}

export { shellWord } from '../../core/quoting.js';
