/**
 * What takes a secret's place in a document: a reference to an environment variable in the idiom of what reads
 * the file (core/config-files/env-reference.ts), or, where nothing would expand one, nothing (the secret goes,
 * its quotes stay). The quick fixes' edits and the store commands' edits are made here, so they always agree.
 */
import * as vscode from 'vscode';
import {
  detectConfigFormat,
  environmentReference,
  environmentReferenceEdit,
  referenceIdiom,
  secretRemovalEdit,
  type TextReplacement,
} from '../../core/config-files';

/** The edit that puts the reference (or nothing) where `range` of the document is. */
export function replacementEdit(
  document: vscode.TextDocument,
  range: vscode.Range,
  name: string,
): vscode.WorkspaceEdit {
  const text = document.getText();
  return editOf(
    document,
    replacementIn(document, text, document.offsetAt(range.start), document.offsetAt(range.end), name),
  );
}

/**
 * Replaces `value`, last seen at `start`, as one undoable edit. The document may have changed meanwhile (a
 * sign-in or a SecretStorage write took a while): the value is looked for again. False when it is gone.
 */
export async function replaceFoundValue(
  document: vscode.TextDocument,
  value: string,
  start: number,
  name: string,
): Promise<boolean> {
  const text = document.getText();
  const at = text.slice(start, start + value.length) === value ? start : text.indexOf(value);
  if (at < 0) return false;
  return vscode.workspace.applyEdit(editOf(document, replacementIn(document, text, at, at + value.length, name)));
}

/** The reference that would take a secret's place in this document, or undefined where the secret just goes. */
export function referenceFor(document: vscode.TextDocument, name: string): string | undefined {
  const idiom = referenceIdiom(
    document.uri.path,
    detectConfigFormat(document.fileName, document.languageId),
    document.getText(),
  );
  return idiom && environmentReference(idiom, name);
}

/** The reference in the file's idiom, or, where it has none, the secret removed. */
function replacementIn(
  document: vscode.TextDocument,
  text: string,
  start: number,
  end: number,
  name: string,
): TextReplacement {
  const idiom = referenceIdiom(document.uri.path, detectConfigFormat(document.fileName, document.languageId), text);
  return idiom ? environmentReferenceEdit(text, start, end, idiom, name) : secretRemovalEdit(start, end);
}

function editOf(document: vscode.TextDocument, replacement: TextReplacement): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)),
    replacement.text,
  );
  return edit;
}
