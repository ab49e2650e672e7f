// The custom snippet opens with the cursor on the empty line below its comments (editors that take
// +LINE), and the file given to the editor ends with that empty line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editorAtLine, editTextInEditor } from '../../src/host/local/editor.js';

test('the cursor starts on the empty line below the comments', async () => {
  const text = '# one\n# two\n\n';
  let seen: { editor: string[]; content: string } | undefined;
  const { readFileSync } = await import('node:fs');
  const out = await editTextInEditor(text, async (editor, file) => {
    seen = { editor, content: readFileSync(file, 'utf8') };
    return 0;
  }, { EDITOR: '/usr/bin/vim' });
  assert.deepEqual(seen?.editor, ['/usr/bin/vim', '+3']);
  assert.equal(seen?.content, text);
  assert.equal(out, text);
  assert.deepEqual(editorAtLine(['nano'], 4), ['nano', '+4']);
  // An editor svctui does not know to take +LINE is run as it is.
  assert.deepEqual(editorAtLine(['code', '--wait'], 4), ['code', '--wait']);
});
