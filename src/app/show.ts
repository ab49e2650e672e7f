// systemctl show: a unit's (or the manager's) properties as NAME=VALUE lines, formatted by their
// D-Bus types as systemctl formats them (core/showFormat.ts). Shared by `svctui show` and the UI's
// properties pane.
import { showLines, type ShowOptions } from '../core/showFormat.js';
import type { Systemd } from './manager.js';

/** The host's highest capability number (capability sets are listed up to it, as systemctl does). */
async function capLastCap(systemd: Systemd): Promise<number | undefined> {
  const text = await systemd.host.files.read('/proc/sys/kernel/cap_last_cap').catch(() => undefined);
  const n = Number(text?.trim());
  return text && Number.isInteger(n) && n >= 0 && n < 64 ? n : undefined;
}

/** The lines of `systemctl show UNIT` (the manager's when no unit is named). */
export async function showProperties(systemd: Systemd, unit: string | undefined, o: Omit<ShowOptions, 'capLastCap'> = {}): Promise<string[]> {
  const [props, last] = await Promise.all([unit ? systemd.unitPropertiesTyped(unit) : systemd.managerPropertiesTyped(), capLastCap(systemd)]);
  return showLines(props, { ...o, capLastCap: last });
}

/** The UI's properties pane: the lines of systemctl show, or undefined when systemd does not hold the unit (never loaded for a look). */
export async function showLoadedProperties(systemd: Systemd, unit: string): Promise<string[] | undefined> {
  const [props, last] = await Promise.all([systemd.unitPropertiesTypedIfLoaded(unit), capLastCap(systemd)]);
  return props && showLines(props, { capLastCap: last });
}
