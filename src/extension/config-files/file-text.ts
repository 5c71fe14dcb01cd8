/**
 * Changing a file's text the way an editor user would: an open document gets a WorkspaceEdit of only the
 * changed range (its unsaved changes count, undo works, the rest is untouched); a closed file is rewritten
 * through the core's atomic write (file scheme) or workspace.fs.
 */
import * as vscode from 'vscode';
import {
  minimalReplacement,
  setConfigValue,
  writeConfigValue,
  type ConfigFormat,
  type SetValueAction,
} from '../../core/config-files';

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

/** Replaces the document's text `before` by `after`, changing only the range that differs. */
export async function applyMinimalEdit(document: vscode.TextDocument, before: string, after: string): Promise<void> {
  const replacement = minimalReplacement(before, after);
  if (!replacement) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)),
    replacement.text,
  );
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error(`VS Code did not apply the edit to ${document.uri.fsPath || document.uri.toString()}.`);
}

/**
 * Sets key to value in the file. An open document is edited in place and saved only if it had no unsaved
 * changes before (so the user's own pending edits are never saved behind their back).
 */
export async function setValueInFile(
  uri: vscode.Uri,
  format: ConfigFormat,
  key: string,
  value: string,
): Promise<SetValueAction> {
  const document = openDocument(uri);
  if (document) {
    const wasDirty = document.isDirty;
    const before = document.getText();
    const result = setConfigValue(before, format, key, value);
    if (result.action === 'unchanged') return 'unchanged';
    await applyMinimalEdit(document, before, result.text);
    if (!wasDirty && !document.isUntitled) await document.save();
    return result.action;
  }
  if (uri.scheme === 'file') return (await writeConfigValue(uri.fsPath, key, value, format)).action;
  const before = await readText(uri);
  const result = setConfigValue(before ?? '', format, key, value);
  if (result.action !== 'unchanged') await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  return result.action;
}

/** Any text file (a .gitignore): changed through its open document if there is one, else written whole. */
export async function changeText(uri: vscode.Uri, change: (text: string) => string): Promise<void> {
  const document = openDocument(uri);
  if (document) {
    const wasDirty = document.isDirty;
    const before = document.getText();
    await applyMinimalEdit(document, before, change(before));
    if (!wasDirty && !document.isUntitled) await document.save();
    return;
  }
  const before = (await readText(uri)) ?? '';
  const after = change(before);
  if (after !== before) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(after));
}

/** The file's text with its byte order mark kept (so writing it back changes no byte); undefined if absent. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}
