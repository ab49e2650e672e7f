// While a child process (the editor, polkit's text agent) has the terminal, svctui must not read
// it. Node keeps a read pending on a TTY even when the stream is paused and Ink has let go of it,
// and the kernel gives each keystroke to whichever process reads first: a password typed for the
// agent could land in svctui's buffer instead, and come back later as key presses in the UI.

interface TtyHandle {
  reading?: boolean;
  readStop?: () => number;
  readStart?: () => number;
}

/**
 * Runs `fn` with this process not reading `stdin`; reading resumes after. What was read before
 * the hand-over and not yet taken by the UI (keys typed just as the other program started) is
 * thrown away: keys meant for the editor or polkit's agent never become commands here.
 */
export async function withInputHeld<T>(stdin: NodeJS.ReadStream, fn: () => Promise<T>): Promise<T> {
  // net.Socket's libuv handle: the one switch that stops the pending read (pause() does not).
  const handle = (stdin as unknown as { _handle?: TtyHandle })._handle;
  const held = !!handle?.reading && typeof handle.readStop === 'function' && typeof handle.readStart === 'function';
  if (held) {
    handle.reading = false;
    handle.readStop!();
  }
  try {
    return await fn();
  } finally {
    if (held && !stdin.destroyed) {
      handle.reading = true;
      handle.readStart!();
    }
    // (After reading is on again: read() on a stopped handle would start it behind our back.)
    if (!stdin.destroyed && stdin.readableLength > 0) stdin.read(stdin.readableLength);
  }
}
