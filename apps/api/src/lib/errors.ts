/**
 * Errors the API returns: `{statusCode, error, code, message}` (api-contract.md § Conventions).
 * Messages exist in zh and en; the error handler picks one by Accept-Language.
 */
export type Lang = 'zh' | 'en';
type Text = { zh: string; en: string };

const MESSAGES: Record<string, Text> = {
  VALIDATION: { zh: '输入有误：{detail}', en: 'Invalid input: {detail}' },
  UNAUTHORIZED: { zh: '请先登录', en: 'Please log in' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到{what}', en: '{what} not found' },
  BAD_CREDENTIALS: { zh: '手机号或密码不正确', en: 'Wrong phone number or password' },
  RATE_LIMITED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, please try again later' },
  LOGIN_LOCKED: {
    zh: '该手机号密码错误次数过多，已暂停登录，请{minutes}分钟后再试',
    en: 'Too many wrong passwords for this phone number: try again in {minutes} min',
  },
  PHONE_TAKEN: { zh: '该手机号已注册', en: 'This phone number is already registered' },
  ID_NUMBER_TAKEN: { zh: '该身份证号已被其他账号使用', en: 'This resident ID is already used by another account' },
  CODE_TAKEN: { zh: '工种代码已存在', en: 'This trade code already exists' },
  CANNOT_CHANGE_SELF: { zh: '不能在这里停用或修改自己的账号', en: 'You cannot disable or change your own account here' },
  ORG_NAME_TAKEN: { zh: '同一上级下已有同名组织', en: 'An organisation of this name already exists under the same parent' },
  INVALID_REFRESH: { zh: '登录已过期，请重新登录', en: 'Session expired, please log in again' },
  LEVEL_LOCKED: {
    zh: '技能等级已由平台晋升记录管理，不能自行修改',
    en: 'Your skill level is managed by recorded promotions and cannot be edited',
  },
  'BAD_CODE:wrong': { zh: '验证码不正确', en: 'The code is wrong' },
  'BAD_CODE:expired': { zh: '验证码已过期，请重新获取', en: 'The code has expired: request a new one' },
  'BAD_CODE:used': { zh: '验证码已使用过，请重新获取', en: 'The code has already been used: request a new one' },
  'BAD_CODE:voided': {
    zh: '验证码输错次数过多，已作废，请重新获取',
    en: 'Too many wrong tries: the code is void, request a new one',
  },
  'BAD_CODE:superseded': {
    zh: '已发送新的验证码，此验证码作废，请使用最新的验证码',
    en: 'A newer code has been sent and this one is void: use the latest code',
  },
  SMS_DISABLED: {
    zh: '本平台未开通短信验证码：注册无需验证码；忘记密码请到所在工会，由工作人员生成重置码',
    en: 'Text-message codes are not in use here: sign up without a code; to reset a password, ask your union for a reset code',
  },
  IDENTITY_LOCKED: {
    zh: '您已有公布的比赛成绩、证书或晋升记录，姓名和身份证号已锁定，不能自行修改；如需更正，请联系所在工会',
    en: 'Your name and resident ID are on record (a published result, a certificate or a promotion) and cannot be changed here: ask your union to correct them',
  },
  CONFLICT: { zh: '状态冲突：{detail}', en: 'Conflict: {detail}' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
  UNAVAILABLE: { zh: '系统暂时无法保存数据，请稍后再试', en: 'The service cannot save data right now; please try again shortly' },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

/** Adds message texts for a feature's own codes (each feature registers its codes at import time). */
export function defineMessages(messages: Record<string, Text>): void {
  Object.assign(MESSAGES, messages);
}

/**
 * One offending input of a VALIDATION answer (api-contract.md § Conventions; `fields` in the body): `field` is its JSON
 * path (`idNumber`, `scoring.criteria.2.maxScore`, `` for the body as a whole), `code` a stable short code the web app
 * maps to its own words, `text` what to say (a catalogue text in both languages, or the detail the message carries).
 */
export interface FieldIssue {
  field: string;
  code: FieldCode;
  text?: Text;
}

/** The stable codes of `fields[].code`. */
export type FieldCode =
  | 'required'
  | 'unknown_field'
  | 'type'
  | 'too_short'
  | 'too_long'
  | 'format'
  | 'range'
  | 'enum'
  | 'checksum'
  | 'date'
  | 'weak'
  | 'unknown_ref'
  | 'order'
  | 'sum'
  | 'step'
  | 'invalid';

export class AppError extends Error {
  /** VALIDATION: the offending inputs */
  fields: FieldIssue[];
  readonly statusCode: number;
  readonly code: string;
  readonly params: Record<string, string | number>;
  /** a ready message used when the code has no catalogue entry */
  readonly fallback?: string;
  /** further fields of the error body (e.g. `retryAfter`) */
  readonly extra: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: string,
    params: Record<string, string | number> = {},
    fallback?: string,
    extra: Record<string, unknown> = {},
  ) {
    // A refusal (4xx) is an answer, not a bug: no stack trace is captured for it — capturing one cost ~25 µs, the
    // largest single item of a 409 in the registration rush's profile.
    const limit = Error.stackTraceLimit;
    if (statusCode < 500) Error.stackTraceLimit = 0;
    super(fallback ?? code);
    Error.stackTraceLimit = limit;
    this.fields = [];
    this.statusCode = statusCode;
    this.code = code;
    this.params = params;
    this.fallback = fallback;
    this.extra = extra;
  }

  messageIn(lang: Lang): string {
    // a code may say more precisely what went wrong with a `reason` (BAD_CODE:expired, BAD_CODE:used …)
    const text = MESSAGES[`${this.code}:${String(this.params.reason ?? '')}`] ?? MESSAGES[this.code];
    if (!text) return this.fallback ?? this.code;
    return text[lang].replace(/\{(\w+)\}/g, (_, k: string) => {
      if (k === 'what') {
        const entity = String(this.params.entity ?? '');
        return ENTITY_NAMES[entity]?.[lang] ?? entity;
      }
      return String(this.params[k] ?? '');
    });
  }
}

/** A leading `field: ` or `body.field ` of a detail names the input (the form every caller used before `field` existed). */
const LEADING_FIELD = /^(?:body\.)?([A-Za-z][\w]*(?:\.[\w]+)*)(?::| is | must )/;

/**
 * 400 VALIDATION: `detail` says what is wrong (it is in the message), `field` which input (its JSON path; `''` for the
 * body as a whole) and `code` how (a FieldCode). Without `field`, a detail that starts with `name: ` names it.
 */
export function validation(detail: string, field?: string, code: FieldCode = 'invalid'): AppError {
  const error = new AppError(400, 'VALIDATION', { detail });
  const name = field ?? LEADING_FIELD.exec(detail)?.[1];
  if (name !== undefined) error.fields = [{ field: name === 'body' ? '' : name, code }];
  return error;
}
const ENTITY_NAMES: Record<string, Text> = {
  user: { zh: '用户', en: 'User' },
  organisation: { zh: '组织', en: 'Organisation' },
  trade: { zh: '工种', en: 'Trade' },
  contest: { zh: '比赛', en: 'Contest' },
  event: { zh: '赛项', en: 'Event' },
  registration: { zh: '报名记录', en: 'Registration' },
  training: { zh: '培训班', en: 'Training class' },
  enrolment: { zh: '报名记录', en: 'Enrolment' },
  certificate: { zh: '证书', en: 'Certificate' },
  appeal: { zh: '申诉', en: 'Appeal' },
  route: { zh: '接口', en: 'Route' },
};

/** 404: unknown, or outside the caller's scope (the contract never tells the two apart). */
export const notFound = (entity: keyof typeof ENTITY_NAMES | string) => new AppError(404, 'NOT_FOUND', { entity });
export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const conflict = (code: string, params: Record<string, string | number> = {}) => new AppError(409, code, params);
/** 429 with `retryAfter` (seconds) in the body; the error handler also sends it as the Retry-After header. */
export const tooManyRequests = (code: string, retryAfter: number, params: Record<string, string | number> = {}) =>
  new AppError(429, code, params, undefined, { retryAfter });

export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
