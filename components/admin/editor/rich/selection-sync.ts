import {
  $createRangeSelectionFromDom,
  $getSelection,
  $isRangeSelection,
  $isTextNode,
  $setSelection,
  COMMAND_PRIORITY_CRITICAL,
  KEY_DOWN_COMMAND,
  type LexicalEditor,
} from "lexical";

/**
 * Every key acts on the selection the writer sees. Lexical learns that the caret moved from the
 * browser's `selectionchange`, which Chromium delivers as an ordinary task; input events outrank it, so on
 * a busy page (the form re-rendering after an autosave) the next keydown can arrive first. Lexical then
 * applied Enter after End, or Ctrl+K after Shift+Arrow, to where the caret had been: Enter replaced the
 * old selection and a word was lost. Before any key is handled, the editor takes the page's selection.
 */
export function registerSelectionSync(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    KEY_DOWN_COMMAND,
    () => {
      const root = editor.getRootElement();
      const dom = root?.ownerDocument.getSelection();
      if (!root || !dom?.anchorNode || !dom.focusNode) return false;
      if (!root.contains(dom.anchorNode) || !root.contains(dom.focusNode)) return false;
      const fresh = $createRangeSelectionFromDom(dom, editor);
      const current = $getSelection();
      if (!fresh) return false;
      if ($isRangeSelection(current) && current.anchor.is(fresh.anchor) && current.focus.is(fresh.focus)) return false;
      // A moved caret takes the formatting of the text it lands in, as Lexical's own selectionchange does.
      const node = fresh.anchor.getNode();
      if ($isTextNode(node)) {
        fresh.format = node.getFormat();
        fresh.style = node.getStyle();
      }
      $setSelection(fresh);
      return false;
    },
    COMMAND_PRIORITY_CRITICAL,
  );
}
