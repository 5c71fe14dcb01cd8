/**
 * Whether git tracks a file, for the quick fixes: a kept token found in a tracked file has leaked into the
 * repository's history, so Rotate SLS Token comes first there. Answers are kept per file, so the lightbulb asks
 * git once rather than on every cursor move, and dropped when the file is saved, when a repository's index
 * changes (a commit, `git add`, `git rm --cached`), when the workspace is trusted, or after a minute.
 * git runs only in a trusted workspace (see git-exposure.ts for how it runs).
 */
import * as vscode from 'vscode';
import { trackedByGit } from './git-exposure';

const keptMs = 60_000;

export class TrackedFiles implements vscode.Disposable {
  private readonly answers = new Map<string, { at: number; tracked: Promise<boolean> }>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ask: (file: string) => Promise<boolean | undefined> = trackedByGit) {
    const indexes = vscode.workspace.createFileSystemWatcher('**/.git/index');
    const forgetAll = () => this.answers.clear();
    this.disposables = [
      indexes,
      indexes.onDidChange(forgetAll),
      indexes.onDidCreate(forgetAll),
      indexes.onDidDelete(forgetAll),
      vscode.workspace.onDidGrantWorkspaceTrust(forgetAll),
      vscode.workspace.onDidSaveTextDocument((document) => this.answers.delete(document.uri.toString())),
    ];
  }

  /**
   * Whether git tracks the file, waiting for git at most `waitMs`: a slow git answers the next time, and
   * until then the file counts as untracked (only the order of the quick fixes depends on it).
   */
  async tracked(uri: vscode.Uri, waitMs: number): Promise<boolean> {
    if (uri.scheme !== 'file' || !vscode.workspace.isTrusted) return false;
    const key = uri.toString();
    let answer = this.answers.get(key);
    if (!answer || Date.now() - answer.at > keptMs) {
      answer = {
        at: Date.now(),
        tracked: this.ask(uri.fsPath).then(
          (tracked) => tracked === true,
          () => false,
        ),
      };
      this.answers.set(key, answer);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    return Promise.race([answer.tracked, late]).finally(() => clearTimeout(timer));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.answers.clear();
  }
}
