// `svctui list`: one row per unit with its last exit and why it stopped.
import { makeUnitRow, rowToJson, runFromFacts, type UnitRow } from '../core/model/unitRow.js';
import { endingOpen } from '../core/model/runs.js';
import { firstUnitsLoadedUs } from '../app/runHistory.js';
import { formatAge } from '../core/format.js';
import { fetchRuntimeFacts, fetchSince, mapLimit, steadyActive } from '../app/facts.js';
import { globToRegExp } from '../core/names.js';
import { nowRealtimeUs } from '../app/status.js';
import { colorWanted } from '../core/theme.js';
import { renderAnsi } from '../core/ansi.js';
import type { CommandContext } from '../app/context.js';
import type { UnitSummary } from '../app/manager.js';
import { stopReasonTone, activeTone } from '../core/model/tones.js';
import { cell, tableLines } from '../core/table.js';
import { benchMark } from '../host/benchMark.js';
import { jsonOutput } from '../core/model/text.js';

export interface ListOptions {
  all: boolean;
  /** Add installed unit files systemd has not loaded (with their last run, when known). */
  files?: boolean;
  /** --state: only units in one of these load, active or sub states (inactive ones too, as systemctl). */
  states?: readonly string[];
  json: boolean;
  patterns: string[];
  /** Exactly these units (no patterns): e.g. the units timers activate. */
  names?: ReadonlySet<string>;
}

/**
 * The rows systemctl list-units shows: loaded units; without --all, not one that is inactive with
 * no job, nor one that follows another (a device under several names).
 */
function listedLikeSystemctl(u: UnitSummary, all: boolean, states?: readonly string[]): boolean {
  if (u.loadState === 'not-loaded') return false;
  if (states?.length) return states.includes(u.loadState) || states.includes(u.activeState) || states.includes(u.subState);
  if (all) return true;
  if (u.following) return false;
  return u.jobId > 0 || u.activeState !== 'inactive';
}

/** systemctl's order: by type (the suffix), then by name, both without regard to case. */
function systemctlOrder<T extends { name: string }>(units: readonly T[]): T[] {
  // Each unit's keys once, not at every comparison (a thousand units are ~11,000 comparisons).
  const keyed = units.map((u) => ({ u, type: u.name.slice(u.name.lastIndexOf('.')).toLowerCase(), name: u.name.toLowerCase() }));
  keyed.sort((a, b) => (a.type !== b.type ? (a.type < b.type ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((k) => k.u);
}

export async function collectRows(ctx: CommandContext, o: ListOptions): Promise<UnitRow[]> {
  // Unit files are read only when rows may come from them.
  const units = o.files || o.names ? await ctx.systemd.listAllUnits() : await ctx.systemd.listLoadedUnits();
  benchMark('list-units');
  const res = o.patterns.map(globToRegExp);
  const matching = systemctlOrder(
    units.filter((u) => (o.names ? o.names.has(u.name) : (!res.length || res.some((re) => re.test(u.name))) && (listedLikeSystemctl(u, o.all, o.states) || (o.files && u.loadState === 'not-loaded')))),
  );
  // A steady active unit's row needs only SINCE (LAST EXIT and STOP REASON are "-" while its run
  // goes on): one call instead of ten, for what is most of a server's units. JSON says everything.
  const brief = (u: (typeof matching)[number]) => !o.json && steadyActive(u);
  // What does not depend on the units' answers is asked beside them: the history (its store), when
  // the manager first loaded its units, and where the journal begins.
  const historyReady = ctx.history();
  historyReady.catch(() => undefined); // said where it is awaited
  const firstLoaded = firstUnitsLoadedUs((n) => ctx.systemd.managerProperty(n));
  const mayReadJournal = o.json || matching.some((u) => !brief(u));
  if (mayReadJournal) void historyReady.then((h) => h.journalStartUs()).catch(() => undefined);
  const facts = await mapLimit(matching, 256, async (u) => (u.loadState === 'not-loaded' ? {} : brief(u) ? await fetchSince(ctx.systemd, u.name) : await fetchRuntimeFacts(ctx.systemd, u.name)));
  // svctui's store and the journal, for the units whose ending D-Bus cannot tell (not in memory,
  // never run since loaded, a clean end that a stop job or a kill could have caused, a Result that
  // reset-failed put back to success): one journalctl for all of them, not one per unit.
  benchMark('list-facts');
  const needHistory = matching.filter((u, i) => !brief(u) && (!facts[i]!.InvocationID || endingOpen(runFromFacts(u.name, u, facts[i]!)))).map((u) => u.name);
  const history = await historyReady;
  if (needHistory.length || o.json) {
    const names = o.json ? undefined : needHistory;
    history.loadStore(names);
    await history.loadJournal(names);
  }
  for (const p of history.problems) ctx.stderr.write(`svctui: note: ${p}\n`);
  // The units whose journal was read: without a run there, they did not run this boot (when the
  // journal goes back to the moment the manager could first start a unit: its units were loaded).
  const asked = o.json ? undefined : new Set(needHistory);
  const noneKnowable = await history.noRunsMeansNone(await firstLoaded);
  const rows = matching.map((u, i) => {
    const f = facts[i]!;
    const noRunsMeansNone = noneKnowable && (!asked || asked.has(u.name));
    return makeUnitRow(u, f, brief(u) ? undefined : history.runs(u.name, runFromFacts(u.name, u, f)), { noRunsMeansNone });
  });
  benchMark('list-rows');
  // Remember what systemd knows now, for when it forgets (garbage collection).
  history.saveObserved(rows.flatMap((r) => (r.exitSource === 'dbus' && r.runs?.[0]?.sources.includes('dbus') ? [r.runs[0]] : [])));
  return rows;
}

export const HEADERS = ['UNIT', 'LOAD', 'ACTIVE', 'SUB', 'LAST EXIT', 'STOP REASON', 'SINCE', 'DESCRIPTION'] as const;

/** A row's cells after UNIT (the fleet puts HOST before them). */
export function rowCells(r: UnitRow, now: bigint) {
  const state = activeTone(r.active);
  const reason = stopReasonTone(r.stopReason);
  return [cell(r.name), cell(r.load), cell(r.active, state), cell(r.sub, state), cell(r.lastExit, reason), cell(r.stopReason, reason), cell(formatAge(r.sinceUs, now)), cell(r.description)];
}

export async function runList(ctx: CommandContext, o: ListOptions): Promise<number> {
  const rows = await collectRows(ctx, o);
  if (o.json) {
    ctx.stdout.write(jsonOutput(rows.map(rowToJson)) + '\n');
    return 0;
  }
  const now = nowRealtimeUs();
  const cells = rows.map((r) => rowCells(r, now));
  const color = colorWanted(ctx.stdout.isTTY);
  const maxWidth = ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : undefined;
  // One write: a thousand lines are a thousand writes otherwise.
  ctx.stdout.write(tableLines(HEADERS, cells, { maxWidth }).map((line) => renderAnsi(line, color) + '\n').join(''));
  const loaded = rows.filter((r) => r.load !== 'not-loaded').length;
  const files = rows.length - loaded;
  ctx.stdout.write(`\n${loaded} loaded unit${loaded === 1 ? '' : 's'} listed${files ? `, and ${files} unit file${files === 1 ? '' : 's'} not loaded` : ''}.`);
  ctx.stdout.write(`${o.all ? '' : ' Pass --all to see loaded but inactive units, too.'}${o.files ? '' : ' --files adds unit files that are not loaded.'}\n`);
  return 0;
}
