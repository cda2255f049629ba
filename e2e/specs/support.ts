/** Test data helpers (the system itself is a black box: everything goes through the browser or HTTP). */
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import {
  methodOf,
  pathOf,
  queryString,
  successOf,
  type BodyOf,
  type CallInput,
  type OperationName,
  type ResponseOf,
} from '@gongjiang/contract';
import { phaseDates, type ContestPhase } from '@gongjiang/domain';

/**
 * One API operation by its operationId, typed by the contract (params, query, body and the answer): the answer must
 * have `status` (by default the operation's success status), else the test fails with the body the API sent. A
 * session from `login()` serves as `opts` (its token is sent).
 */
export async function api<K extends OperationName>(
  request: APIRequestContext,
  name: K,
  input: CallInput<K>,
  opts: {
    token?: string;
    status?: number;
    /** a JSON body the contract does not declare: drawBibs' optional `{seed}` (the operation has no body schema) */
    undeclaredBody?: Record<string, unknown>;
  } = {},
): Promise<ResponseOf<K>> {
  const { params, query, body } = input as { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown };
  const url = `/api${pathOf(name, params)}${queryString(query)}`;
  const res = await request.fetch(url, {
    method: methodOf(name),
    data: body ?? opts.undeclaredBody,
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
  });
  const status = opts.status ?? successOf(name);
  expect(res.status(), `${methodOf(name)} ${url} → ${await res.text()}`).toBe(status);
  return (status === 204 ? undefined : await res.json()) as ResponseOf<K>;
}

/** A valid 18-character resident ID (GB 11643-1999 check character) for a Wuxi region code. */
export function residentId(birth = '19900101', sequence = Math.floor(Math.random() * 900) + 100): string {
  const first17 = `320211${birth}${String(sequence).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (w[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** The same ID with a wrong check character. */
export function withWrongCheck(id: string): string {
  const wrong = id.at(-1) === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

let phoneSeq = 0;
/** A fresh 11-digit mainland mobile number (time-based, with a per-process sequence against same-millisecond calls). */
export function uniquePhone(): string {
  return `137${String((Date.now() + phoneSeq++ * 7919) % 1e8).padStart(8, '0')}`;
}

/** The password of every demo account (README). */
export const DEMO_PASSWORD = 'Gongjiang@2026';
/** The demo's admin (README), who can read the SMS outbox. */
export const DEMO_ADMIN = '13900000001';

/** A session through the API: the access token to pass as `api(…, { token })` and the user it belongs to. */
export async function login(
  request: APIRequestContext,
  phone: string,
  password = DEMO_PASSWORD,
): Promise<{ token: string; user: ResponseOf<'login'>['user'] }> {
  const { accessToken, user } = await api(request, 'login', { body: { login: phone, password } });
  return { token: accessToken, user };
}

/** What login() gives: a token to pass as `api(…, session)` and the user. */
export type Session = Awaited<ReturnType<typeof login>>;

/** A contest's four dates, each `days` from now: registration opens and closes, the contest starts and ends. */
export function contestDates(opens: number, closes: number, starts: number, ends: number) {
  const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  return { registrationOpensAt: at(opens), registrationClosesAt: at(closes), startsAt: at(starts), endsAt: at(ends) };
}

/**
 * Moves a contest through time as its organizer would (PATCH /api/contests/:id), so the draw, marks and publication meet
 * their TOO_EARLY guards with real dates: 'closed' (registration over: the draw), 'started' (marks), 'ended' (publication).
 */
export async function moveContest(request: APIRequestContext, organizer: Session, contestId: number, phase: ContestPhase) {
  await api(request, 'updateContest', { params: { id: contestId }, body: phaseDates(phase) }, organizer);
}

type ContestFields = Omit<BodyOf<'createContest'>, keyof ReturnType<typeof contestDates> | 'orgId'> & {
  /** by default the organizer's own organisation */
  orgId?: number;
  /** the dates as contestDates takes them */
  days: Parameters<typeof contestDates>;
};

/** A published contest with one event, set up through the API by `organizer`. */
export async function publishedContest(
  request: APIRequestContext,
  organizer: Session,
  { days, orgId = organizer.user.orgId ?? undefined, ...contest }: ContestFields,
  event: BodyOf<'addContestEvent'>,
) {
  if (orgId === undefined) throw new Error(`${organizer.user.name} belongs to no organisation: give the contest's orgId`);
  const created = await api(request, 'createContest', { body: { ...contest, orgId, ...contestDates(...days) } }, organizer);
  const added = await api(request, 'addContestEvent', { params: { id: created.id }, body: event }, organizer);
  await api(request, 'publishContest', { params: { id: created.id } }, organizer);
  return { contest: created, event: added };
}

let adminToken: string | undefined;

/**
 * The newest code texted to `phone`: the demo keeps texts in its SMS outbox, read here as an admin would read it,
 * through the API (the code goes out just after the API answers, so it may take a moment to appear).
 */
export async function textedCode(request: APIRequestContext, phone: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    adminToken ??= (await login(request, DEMO_ADMIN)).token;
    const res = await request.get(`/api/admin/sms-outbox?phone=${phone}&limit=1`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (res.status() === 401) {
      adminToken = undefined;
      continue;
    }
    expect(res.status()).toBe(200);
    const [message] = ((await res.json()) as ResponseOf<'listSmsOutbox'>).items;
    if (message) return message.code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code was texted to ${phone}`);
}

/** A new worker account, signed up through the API with the code texted to a fresh phone. */
export async function registerWorker(request: APIRequestContext, name = '测试职工', phone = uniquePhone()) {
  const password = 'e2e-Passw0rd';
  await api(request, 'requestPhoneCode', { body: { phone, purpose: 'signup' } });
  const code = await textedCode(request, phone);
  await api(request, 'register', { body: { phone, password, name, code } });
  return { phone, password, name };
}

/** Logs in through the login page, as a person does, and waits to leave it (`redirectTo`: where the page sends them after). */
export async function logIn(page: Page, phone: string, password = DEMO_PASSWORD, redirectTo?: string) {
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export interface DeviceOptions {
  /** 375 × 812 (a phone) unless given; under 500 px wide the device has touch and is mobile */
  viewport?: { width: number; height: number };
  javaScriptEnabled?: boolean;
}

/** A new browser context as a person's device in Beijing, in Chinese, and its first page. */
export async function device(browser: Browser, { viewport = { width: 375, height: 812 }, javaScriptEnabled = true }: DeviceOptions = {}) {
  const context: BrowserContext = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    javaScriptEnabled,
    ...(viewport.width < 500 ? { hasTouch: true, isMobile: true } : {}),
  });
  return { context, page: await context.newPage() };
}

/** A device signed in through the login page (the caller checks where it landed). */
export async function signedIn(browser: Browser, phone: string, options: DeviceOptions & { password?: string; redirectTo?: string } = {}) {
  const { context, page } = await device(browser, options);
  await logIn(page, phone, options.password, options.redirectTo);
  return { context, page };
}

/**
 * Waits until the page is at `pathname`. A regex on the whole URL is not enough after a login form: the
 * login page's own URL, /login?redirectTo=/manage/contests, also ends with /manage/contests.
 */
export async function expectPath(page: Page, pathname: string) {
  await expect(page).toHaveURL((url) => url.pathname === pathname);
}

/** No horizontal scrolling: the page is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}
