// How a Host reaches its bus, shared by the local and the SSH host: in this thread (the command
// line), or in the D-Bus worker (the TUI), whose thread then also runs the host's tools.
import type { Bus, BusTarget } from '../bus.js';
import { followInThread, runInThread, type FollowRunner, type ToolRunner } from '../tools.js';
import { RemoteBus } from './workerBus.js';

/** A connection in this thread; dbus-next is loaded only now. */
export async function connectInThread(target: BusTarget, options: { timeoutMs?: number }): Promise<Bus> {
  const { BusConnection } = await import('./connection.js');
  return BusConnection.connect(target, options);
}

/**
 * A connection in the worker, and tool runners that go through it while it is up (a fork of the
 * UI thread's big process stalls it) and run here once it is closed.
 */
export function connectInWorker(target: BusTarget, options: { timeoutMs?: number; shared?: boolean }): { bus: RemoteBus; runner: ToolRunner; follower: FollowRunner } {
  const bus = new RemoteBus(target, options);
  return {
    bus,
    runner: (file, args, o) => (bus.isClosed ? runInThread(file, args, o) : bus.runTool(file, args, o)),
    follower: (file, args, o, onText) => (bus.isClosed ? followInThread(file, args, o, onText) : bus.followTool(file, args, o, onText)),
  };
}
