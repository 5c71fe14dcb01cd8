/**
 * Scan Workspace for Sophos Secrets: every workspace folder through the same rules as open files (core/scan),
 * what git would carry when the folder is a repository (git only in a trusted workspace), under a cancellable
 * progress. Findings go to the Problems view as the open files' warnings do, in the same collection (one
 * owner per file, so never twice), with the same quick fixes once a file is opened. An open document keeps
 * its live results (its text may differ from the disk); once it closes, the file covered by the scan is read
 * from disk again, so its findings stay in the Problems view as the disk holds them.
 */
import * as vscode from 'vscode';
import { scanFiles, workingTreeSource, type FileFinding, type ScanReport } from '../../core/scan';
import type { StoredSecretInfo } from '../../core/credentials';
import { showInformationMessage } from '../notifications';
import type { SecretDiagnostics } from './secret-diagnostics';

export interface WorkspaceScanResult {
  findings: number;
  files: number;
  filesScanned: number;
  cancelled: boolean;
}

type Found = FileFinding<StoredSecretInfo>;

export class WorkspaceScan implements vscode.Disposable {
  /** Each file the scans covered (by uri) with the root its scan's paths are relative to. */
  private readonly covered = new Map<string, string>();
  /** Files a scan put findings on: the next scan clears those it no longer finds. */
  private reported = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly diagnostics: SecretDiagnostics) {
    this.subscription = diagnostics.onDidCloseDocument((uri) => void this.rescanClosed(uri));
  }

  async run(quiet: boolean): Promise<WorkspaceScanResult> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    const result: WorkspaceScanResult = { findings: 0, files: 0, filesScanned: 0, cancelled: false };
    const reported = new Set<string>();
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Scanning for Sophos secrets'),
        cancellable: true,
      },
      async (progress, cancellation) => {
        for (const folder of folders) {
          const source = await workingTreeSource(folder.uri.fsPath, [], { useGit: vscode.workspace.isTrusted });
          for (const path of source.paths) this.covered.set(uriOf(source.root, path).toString(), source.root);
          let percentDone = 0;
          const report: ScanReport<StoredSecretInfo> = await scanFiles(source, {
            hashes: this.diagnostics.storedHashes,
            isCancelled: () => cancellation.isCancellationRequested,
            onProgress: (done, total) => {
              const percent = Math.floor((done / Math.max(total, 1)) * 100);
              if (percent > percentDone)
                progress.report({ increment: (percent - percentDone) / folders.length, message: folder.name });
              percentDone = percent;
            },
          });
          result.cancelled ||= report.cancelled;
          result.filesScanned += report.filesScanned;
          for (const [uri, findings] of byFile(source.root, report.findings)) {
            result.findings += findings.length;
            result.files++;
            reported.add(uri.toString());
            if (!isOpen(uri)) this.show(uri, findings);
          }
          if (result.cancelled) break;
        }
      },
    );
    // Found last time, not this time (and not open, where the live scan rules): gone from the Problems view.
    if (!result.cancelled)
      for (const key of this.reported) {
        const uri = vscode.Uri.parse(key);
        if (!reported.has(key) && !isOpen(uri)) this.diagnostics.setFindings(uri, []);
      }
    this.reported = result.cancelled ? new Set([...this.reported, ...reported]) : reported;
    if (!quiet) {
      if (result.findings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
      void showInformationMessage(
        result.findings === 0
          ? vscode.l10n.t('No Sophos secrets found in {0} files.', result.filesScanned)
          : vscode.l10n.t('{0} Sophos secrets in {1} files: see the Problems view.', result.findings, result.files),
      );
    }
    return result;
  }

  /** A covered file whose document closed: its findings as the disk holds them now, by the scan's own rules. */
  private async rescanClosed(uri: vscode.Uri): Promise<void> {
    const root = this.covered.get(uri.toString());
    if (root === undefined) return;
    try {
      const source = await workingTreeSource(root, [uri.fsPath], { useGit: vscode.workspace.isTrusted });
      const report = await scanFiles(source, { hashes: this.diagnostics.storedHashes });
      if (isOpen(uri)) return; // opened again meanwhile: the live scan owns it
      this.show(uri, report.findings);
      if (report.findings.length > 0) this.reported.add(uri.toString());
    } catch {
      // Deleted or unreadable since: nothing to show.
    }
  }

  private show(uri: vscode.Uri, findings: Found[]): void {
    this.diagnostics.setFindings(
      uri,
      findings.map((finding) => ({
        ...finding,
        range: new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1),
      })),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.covered.clear();
  }
}

function uriOf(root: string, path: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.file(root), ...path.split('/'));
}

function byFile(root: string, findings: Found[]): Map<vscode.Uri, Found[]> {
  const byPath = new Map<string, Found[]>();
  for (const finding of findings) byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  return new Map([...byPath].map(([path, found]) => [uriOf(root, path), found]));
}

function isOpen(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.workspace.textDocuments.some((document) => document.uri.toString() === key);
}
