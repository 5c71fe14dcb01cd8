/**
 * What a user does in VS Code, as Playwright steps that wait on selectors (never on sleeps). Selectors are
 * those of the VS Code workbench DOM (1.100+); keep them here so a VS Code update is fixed in one place.
 */
import type { Locator, Page } from 'playwright-core';

const quickInput = '.quick-input-widget';
const quickInputBox = `${quickInput} .quick-input-box input`;
const quickInputRows = `${quickInput} .quick-input-list .monaco-list-row`;

/** Clicks an activity-bar item (e.g. "Sophos Central") and waits for its side bar to show. */
export async function openActivity(page: Page, title: string): Promise<Locator> {
  const item = page
    .locator(
      `.part.activitybar .action-item a[aria-label^="${title}"], .part.activitybar .action-item [role="tab"][aria-label^="${title}"]`,
    )
    .first();
  await item.waitFor({ state: 'visible' });
  const checked = await item
    .locator('xpath=ancestor-or-self::*[@aria-selected="true" or contains(@class, "checked")]')
    .count();
  if (checked === 0) await item.click();
  const sideBar = page.locator('.part.sidebar');
  await sideBar
    .locator('.composite.title h2', { hasText: new RegExp(title, 'i') })
    .first()
    .waitFor({ state: 'visible' });
  return sideBar;
}

/** A view's pane (header + body) in the side bar, by its name ("Credentials"). */
export function view(page: Page, name: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: name }) });
}

/** The welcome text of an empty view (viewsWelcome), as shown. */
export async function viewWelcomeText(page: Page, name: string): Promise<string> {
  const content = view(page, name).locator('.welcome-view-content');
  await content.first().waitFor({ state: 'visible' });
  return (await content.first().innerText()).trim();
}

/** Opens the command palette (F1), waits for it, types the text. */
export async function openCommandPalette(page: Page): Promise<void> {
  const widget = page.locator(quickInput);
  if (!(await widget.isVisible())) {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 640, y: 5 }, trial: true })
      .catch(() => {});
    await page.keyboard.press('F1');
  }
  await page.locator(quickInputBox).waitFor({ state: 'visible' });
}

/**
 * Runs a command from the palette like a user: F1, types its title ("Sophos Central: Show Logs"), waits for the
 * matching row and presses Enter.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openCommandPalette(page);
  await page.locator(quickInputBox).fill(`>${title}`);
  const row = page
    .locator(quickInputRows)
    .filter({ has: page.locator('.label-name', { hasText: exact(title) }) })
    .first();
  await row.waitFor({ state: 'visible' });
  // The first (focused) row must be ours: otherwise click it instead of trusting Enter.
  const focused = page
    .locator(`${quickInputRows}.focused`)
    .filter({ has: page.locator('.label-name', { hasText: exact(title) }) });
  if ((await focused.count()) > 0) await page.keyboard.press('Enter');
  else await row.click();
  await page
    .locator(quickInput)
    .waitFor({ state: 'hidden' })
    .catch(() => {
      /* a command may open its own QuickInput */
    });
}

export interface QuickInputState {
  title: string;
  placeholder: string;
  /** e.g. "1/3" in a multi-step input; "" when none. */
  step: string;
  message: string;
  items: string[];
}

/** What the QuickInput shows now (waits for it to be visible). */
export async function quickInputState(page: Page): Promise<QuickInputState> {
  const widget = page.locator(quickInput);
  await widget.waitFor({ state: 'visible' });
  const text = async (selector: string) =>
    (
      (await widget
        .locator(selector)
        .first()
        .textContent()
        .catch(() => '')) ?? ''
    ).trim();
  const items = await page.locator(`${quickInputRows} .label-name`).allTextContents();
  return {
    title: await text('.quick-input-title'),
    placeholder: (await page.locator(quickInputBox).getAttribute('placeholder')) ?? '',
    step: await text('.quick-input-step, .quick-input-count'),
    message: await text('.quick-input-message'),
    items: items.map((item) => item.trim()),
  };
}

/**
 * Types into the visible QuickInput (an InputBox step or a QuickPick filter). With submit (default) presses
 * Enter; with waitForTitle / waitForPlaceholder it then waits for the next step of a multi-step input.
 */
export async function typeIntoQuickInput(
  page: Page,
  text: string,
  options: { submit?: boolean; waitForTitle?: string | RegExp; waitForPlaceholder?: string | RegExp } = {},
): Promise<void> {
  const box = page.locator(quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(text);
  if (options.submit === false) return;
  await box.press('Enter');
  if (options.waitForTitle)
    await page
      .locator(`${quickInput} .quick-input-title`, { hasText: options.waitForTitle })
      .waitFor({ state: 'visible' });
  if (options.waitForPlaceholder) {
    const pattern = options.waitForPlaceholder;
    await page.waitForFunction(
      ([selector, source, isRegExp]) => {
        const input = (globalThis as unknown as { document: BrowserDocument }).document.querySelector(
          selector as string,
        );
        const placeholder = input?.getAttribute('placeholder') ?? '';
        return isRegExp ? new RegExp(source as string).test(placeholder) : placeholder.includes(source as string);
      },
      [quickInputBox, pattern instanceof RegExp ? pattern.source : pattern, pattern instanceof RegExp] as const,
    );
  }
}

/** Picks a QuickPick item by its label (waits for it), by clicking it. */
export async function pickQuickInputItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page
    .locator(quickInputRows)
    .filter({ has: page.locator('.label-name', { hasText: typeof label === 'string' ? exact(label) : label }) })
    .first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Escape, and wait for the QuickInput to go. */
export async function closeQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
}

export interface Notification {
  message: string;
  source: string;
  buttons: string[];
  severity: 'error' | 'warning' | 'info' | 'unknown';
}

/** The notification toasts now shown (waits up to timeoutMs for at least `atLeast` of them). */
export async function notifications(page: Page, { atLeast = 0, timeoutMs = 15_000 } = {}): Promise<Notification[]> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if (atLeast > 0) await toasts.nth(atLeast - 1).waitFor({ state: 'visible', timeout: timeoutMs });
  const found: Notification[] = [];
  for (const toast of await toasts.all()) {
    const icon =
      (await toast
        .locator('.notification-list-item-icon')
        .getAttribute('class')
        .catch(() => '')) ?? '';
    found.push({
      message: ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim(),
      source: (
        (await toast
          .locator('.notification-list-item-source')
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
      buttons: (await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map(
        (b) => b.trim(),
      ),
      severity: /codicon-error/.test(icon)
        ? 'error'
        : /codicon-warning/.test(icon)
          ? 'warning'
          : /codicon-info/.test(icon)
            ? 'info'
            : 'unknown',
    });
  }
  return found;
}

/**
 * Closes every notification toast with its own close button, as a user would. Running progress has no close
 * button and stays. (The palette's "Clear All Notifications" is avoided: its neighbour toggles Do Not Disturb.)
 */
export async function dismissNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  for (const toast of (await toasts.all()).reverse()) {
    const close = toast.locator('.action-label.codicon-notifications-clear');
    if (!(await close.count())) continue;
    await toast.hover().catch(() => undefined);
    await close
      .first()
      .click()
      .catch(() => undefined);
  }
}

/** Waits for a notification whose message matches, and returns its toast (for clicking its buttons). */
export async function waitForNotification(page: Page, message: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  // A toast, or the same notification in the notification center if that happens to be open.
  const toast = page
    .locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

export interface TreeItem {
  label: string;
  description: string;
  /** The row's aria-label (label, description and tooltip as screen readers get them). */
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
  locator: Locator;
}

/** The rows of a tree view ("Credentials"), top to bottom; waits for `atLeast` rows. */
export async function treeItems(
  page: Page,
  viewName: string,
  { atLeast = 0, timeoutMs = 15_000 } = {},
): Promise<TreeItem[]> {
  const rows = view(page, viewName).locator('.monaco-list-row');
  if (atLeast > 0) await rows.nth(atLeast - 1).waitFor({ state: 'visible', timeout: timeoutMs });
  const items: TreeItem[] = [];
  for (const row of await rows.all()) {
    const expandedAttr = await row.getAttribute('aria-expanded');
    items.push({
      label: (
        (await row
          .locator('.label-name')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
      description: (
        (await row
          .locator('.label-description')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
      ariaLabel: (await row.getAttribute('aria-label')) ?? '',
      level: Number((await row.getAttribute('aria-level')) ?? 1),
      expanded: expandedAttr === null ? undefined : expandedAttr === 'true',
      locator: row,
    });
  }
  return items;
}

/**
 * Right-clicks a tree row and picks a context-menu entry by its label, with the keyboard as a user of the
 * menu would (arrow keys to the entry, Enter): mouse clicks on menu entries are unreliable in the web
 * workbench's shadow-DOM menus.
 */
export async function contextMenu(page: Page, row: Locator, entry: string | RegExp): Promise<void> {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ state: 'visible' });
  const entries = menu.locator('.action-item:not(.disabled) a.action-menu-item');
  await entries.first().waitFor({ state: 'visible' });
  const labels = (await entries.locator('.action-label').allTextContents()).map((label) => label.trim());
  const index = labels.findIndex((label) => (typeof entry === 'string' ? label === entry : entry.test(label)));
  if (index < 0) throw new Error(`The context menu has no "${String(entry)}": ${labels.join(', ')}`);
  // The menu opens with nothing focused; each ArrowDown moves to the next enabled entry (separators skipped).
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
  await menu.locator('.action-item.focused .action-label', { hasText: labels[index] }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
}

/** The Output panel: waits until it shows the named channel; returns the channel's visible text. */
export async function outputChannel(page: Page, channel: string, timeoutMs = 15_000): Promise<string> {
  const panel = page.locator('.part.panel');
  await panel.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.waitForFunction(
    (name) => {
      const selects: BrowserSelect[] = Array.from(
        (globalThis as unknown as { document: BrowserDocument }).document.querySelectorAll('.part.panel select'),
      );
      return selects.some(
        (select) => select.selectedIndex >= 0 && select.options[select.selectedIndex]?.text.trim() === name,
      );
    },
    channel,
    { timeout: timeoutMs },
  );
  return (
    (await panel
      .locator('.view-lines')
      .first()
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
}

// Functions passed to waitForFunction are serialized and run in the page (so they may use nothing from this
// module); these minimal shapes type them without the DOM lib.
interface BrowserElement {
  getAttribute(name: string): string | null;
}
interface BrowserSelect {
  selectedIndex: number;
  options: ArrayLike<{ text: string }>;
}
interface BrowserDocument {
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): ArrayLike<BrowserSelect>;
}

function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** A modal dialog's whole text (message and detail), once one is showing. */
async function dialogText(page: Page): Promise<string> {
  return ((await page.locator('.monaco-dialog-box').first().innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Answers modal dialogs like a user until `done()` says the work that raises them has finished: `choose` gets
 * each dialog's text and names the button to press (undefined: the first one that is not Cancel). Returns the
 * texts, in order, each with the button pressed.
 */
export async function answerDialogs(
  page: Page,
  done: () => boolean,
  choose: (text: string) => string | undefined,
  timeoutMs = 120_000,
  beforeAnswer?: (text: string, index: number) => Promise<unknown>,
): Promise<{ text: string; pressed: string }[]> {
  const answered: { text: string; pressed: string }[] = [];
  const box = page.locator('.monaco-dialog-box').first();
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`dialogs still pending after ${timeoutMs / 1000} s; answered: ${JSON.stringify(answered)}`);
    if (!(await box.isVisible())) {
      await page.waitForTimeout(100);
      continue;
    }
    const text = await dialogText(page);
    const buttons = box.locator('.dialog-buttons .monaco-button');
    const labels = (await buttons.allInnerTexts()).map((label) => label.trim());
    const wanted = choose(text) ?? labels.find((label) => label !== 'Cancel') ?? 'Cancel';
    if (!labels.includes(wanted))
      throw new Error(`no button "${wanted}" in the dialog "${text}" (buttons: ${labels.join(', ')})`);
    await beforeAnswer?.(text, answered.length);
    await buttons
      .filter({ hasText: new RegExp(`^\\s*${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
      .first()
      .click();
    answered.push({ text, pressed: wanted });
    await box.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }
  return answered;
}

/**
 * The first sign-in to the sandbox asks whether secrets may go to its addresses (not Sophos hosts): one
 * question for the Sophos ID host and one for the API host. Allows each; returns how many were asked.
 */
export async function allowSandboxHostIfAsked(page: Page, timeoutMs = 10_000): Promise<number> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'Send your Sophos Central Client Secret' });
  let asked = 0;
  while (
    await dialog.waitFor({ state: 'visible', timeout: asked === 0 ? timeoutMs : 3_000 }).then(
      () => true,
      () => false,
    )
  ) {
    // The API host's question can follow the ID host's at once: wait for this question, by its address, to go.
    const address = /https?:\/\/[^\s"'“”?]+/.exec((await dialog.first().innerText()) ?? '')?.[0] ?? '';
    await dialog
      .locator('.dialog-buttons .monaco-button', { hasText: /^\s*Allow http/ })
      .first()
      .click();
    await page.locator('.monaco-dialog-box', { hasText: address }).waitFor({ state: 'hidden' });
    asked += 1;
  }
  return asked;
}
