/**
 * The only way the extension shows a notification or a message dialog: every message and detail passes
 * through inertText, so a tenant name, a token label, a server's error text or a name another extension chose
 * can never become a clickable `command:` link. A unit test keeps direct calls out of the rest of the code.
 */
import * as vscode from 'vscode';
import { inertText } from './display';

type Show = typeof vscode.window.showInformationMessage;

function inert(show: () => Show): Show {
  return ((message: string, ...rest: unknown[]) => {
    const [first, ...items] = rest;
    const options =
      typeof first === 'object' && first !== null && !('title' in first) ? (first as vscode.MessageOptions) : undefined;
    const safeOptions =
      options?.detail !== undefined ? { ...options, detail: inertText(options.detail, 4000) } : options;
    return (show() as (...args: unknown[]) => Thenable<unknown>)(
      inertText(message),
      ...(options ? [safeOptions, ...items] : rest),
    );
  }) as Show;
}

export const showInformationMessage = inert(() => vscode.window.showInformationMessage);
export const showWarningMessage = inert(
  () => vscode.window.showWarningMessage,
) as typeof vscode.window.showWarningMessage;
export const showErrorMessage = inert(() => vscode.window.showErrorMessage) as typeof vscode.window.showErrorMessage;
