/**
 * The lifecycle of Sophos' Integration Credential Manager applied to stored credentials: suspend, unsuspend,
 * the inactivity limit and its warnings. Nothing here deletes anything: a purge due is a warning for the user.
 */
import { invalidInput } from '../api';
import {
  dueWarnings,
  entryFacts,
  lifecycleState,
  policyProblem,
  type InactivityPolicy,
  type LifecycleWarning,
} from './lifecycle';
import type { LifecycleFields } from './model';
import type { CredentialSessions } from './sessions';
import type { CredentialStore } from './store';

/** An API or integration credential, as far as the lifecycle is concerned. */
export type LifecycleEntry = LifecycleFields & { id: string; name: string };

/** What a lifecycle check did and found; it never deletes anything (a purge due is a `probablyPurged` warning). */
export interface LifecycleSweep {
  /** Integration credentials suspended for inactivity just now. */
  suspended: LifecycleEntry[];
  warnings: { credential: LifecycleEntry; warning: LifecycleWarning }[];
}

export class CredentialLifecycle {
  constructor(
    private readonly store: CredentialStore,
    private readonly sessions: CredentialSessions,
    private readonly now: () => number,
  ) {}

  async suspend(id: string, reason: 'manual' | 'inactivity' = 'manual'): Promise<LifecycleEntry> {
    this.sessions.forget(id);
    return this.store.updateLifecycle(id, (current) => ({
      suspended: current.suspended ?? { at: new Date(this.now()).toISOString(), reason },
    }));
  }

  /** Unsuspending resets the inactivity timer, as in Sophos Central. */
  async unsuspend(id: string): Promise<LifecycleEntry> {
    const at = new Date(this.now()).toISOString();
    return this.store.updateLifecycle(id, () => ({ suspended: undefined, unsuspendedAt: at }));
  }

  /**
   * Restarts the inactivity period (Sophos' "Reset inactivity limit"; also what Keep does for a credential
   * probably purged in Sophos Central): no warning of the old period is shown again.
   */
  async resetInactivity(id: string): Promise<LifecycleEntry> {
    this.ensureInactivityApplies(id);
    return this.store.updateLifecycle(id, () => ({ inactivityResetAt: new Date(this.now()).toISOString() }));
  }

  /** A new limit removes pending suspension and purge warnings and starts its period at once, as in Sophos Central. */
  async setInactivityPolicy(id: string, policy: InactivityPolicy): Promise<LifecycleEntry> {
    this.ensureInactivityApplies(id);
    const problem = policyProblem(policy);
    if (problem) throw invalidInput(problem);
    return this.store.updateLifecycle(id, (current) => ({ inactivity: policy, ...this.newInactivityPeriod(current) }));
  }

  /** What starting a new inactivity period writes: the reset time, and no memory of the old period's warnings. */
  newInactivityPeriod(current: LifecycleFields): Pick<LifecycleFields, 'inactivityResetAt' | 'warningsShown'> {
    return {
      inactivityResetAt: new Date(this.now()).toISOString(),
      warningsShown: (current.warningsShown ?? []).filter((key) => key.startsWith('expiry:')),
    };
  }

  /** Refuses an API credential: it has no inactivity limit. */
  ensureInactivityApplies(id: string): void {
    const credential = this.store.credential(id);
    if (credential)
      throw invalidInput(
        `"${credential.name}" is a Sophos Central API credential: it has no inactivity limit (Sophos Central does not suspend API credentials for inactivity). Suspend it by hand to block its use.`,
      );
  }

  /**
   * Suspends integration credentials past their inactivity limit and returns the warnings not shown yet,
   * marking them shown. Never deletes anything: a purge due becomes a `probablyPurged` warning for the user to
   * act on. Run at start-up and on a timer; each action is the caller's to log and announce.
   */
  async sweep(options: { now?: number; only?: readonly string[] } = {}): Promise<LifecycleSweep> {
    const now = options.now ?? this.now();
    const result: LifecycleSweep = { suspended: [], warnings: [] };
    const entries = [...this.store.credentials(), ...this.store.integrations()].filter(
      (entry) => !options.only || options.only.includes(entry.id),
    );
    for (const entry of entries) {
      if (!entry.addedAt) {
        // Inactivity counts from when the credential came into this editor, never from its Sophos creation day.
        await this.store.updateLifecycle(entry.id, () => ({ addedAt: new Date(now).toISOString() }));
        continue;
      }
      let current: LifecycleEntry = entry;
      if (lifecycleState(entryFacts(entry), now).due === 'suspend') {
        current = await this.suspend(entry.id, 'inactivity');
        result.suspended.push(current);
      }
      const shown = new Set(current.warningsShown ?? []);
      const warnings = dueWarnings(entryFacts({ ...entry, ...current } as typeof entry), now, shown);
      if (warnings.length === 0) continue;
      current = await this.store.updateLifecycle(current.id, () => ({
        warningsShown: [...shown, ...warnings.map((warning) => warning.key)].slice(-50),
      }));
      for (const warning of warnings) result.warnings.push({ credential: current, warning });
    }
    return result;
  }
}
