// The list's views, one entry each: the key that shows it, what the header calls it, what the help
// says, what an empty list says, and where it applies. The keymap, the reducer, the header and the
// App read this table; a new view is one entry here (and its table in views.ts).

export type View = 'units' | 'timers' | 'sockets' | 'hosts' | 'files';

export interface ViewSpec {
  id: View;
  /** The key that shows it (1, 2, 3…). */
  key: string;
  /** The header's word for it. */
  title: string;
  /** The help screen's line. */
  help: string;
  /** Said when it is shown. */
  shown: string;
  /** Said when nothing is in it. */
  empty: string;
  /** Where it applies: one host, a fleet of several, or both. */
  on: 'one' | 'fleet' | 'both';
  /** Rows are units (actions apply), or something else (hosts). */
  rowsAreUnits: boolean;
}

export const VIEWS: readonly ViewSpec[] = [
  { id: 'units', key: '1', title: 'units', help: 'Show the unit list', shown: 'Showing the unit list', empty: 'No unit matches.', on: 'both', rowsAreUnits: true },
  { id: 'timers', key: '2', title: 'timers view', help: 'Show the timers: next and last elapse, what each activates and how that last ended', shown: 'Showing the timers (1 back to the unit list)', empty: 'No timers match.', on: 'one', rowsAreUnits: true },
  { id: 'sockets', key: '3', title: 'sockets view', help: 'Show the sockets: where each listens, what it activates and its state', shown: 'Showing the sockets (1 back to the unit list)', empty: 'No sockets match.', on: 'one', rowsAreUnits: true },
  { id: 'hosts', key: '4', title: 'hosts view', help: 'Show the hosts: connection, failed units, the last failure and why', shown: 'Showing the hosts (Enter shows one host\'s units, 1 every host\'s)', empty: 'No host matches.', on: 'fleet', rowsAreUnits: false },
  { id: 'files', key: '5', title: 'unit files view', help: 'Show the unit files: enablement and preset (systemctl list-unit-files), and each unit\'s state', shown: 'Showing the unit files (+ enables, - disables; 1 back to the unit list)', empty: 'No unit files match.', on: 'one', rowsAreUnits: true },
];

export const viewSpec = (id: View): ViewSpec => VIEWS.find((v) => v.id === id)!;

/** Whether a view applies with this many hosts. */
export const viewApplies = (v: ViewSpec, fleet: boolean): boolean => v.on === 'both' || (v.on === 'fleet') === fleet;
