/**
 * The password rule for every password a person chooses (sign-up, change, reset, an account opened by an
 * organizer). NIST SP 800-63B's advice: a minimum length and a refusal of the obvious guesses, no composition rules
 * (workers type on phones; an all-digit password of 8+ digits is allowed). Refused:
 * - fewer than 8 or more than 128 characters;
 * - one character, or a short group of up to 4 characters, repeated (11111111, abababab, 123123123);
 * - a straight run up or down the digits or the alphabet (12345678, 87654321, abcdefgh);
 * - the account's own phone number inside it;
 * - the passwords at the top of leaked-password lists here (COMMON, compared without case).
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordProblem = 'short' | 'long' | 'repeated' | 'sequence' | 'phone' | 'common';

const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwertyui',
  'qwertyuiop',
  'qwerty123',
  'qwer1234',
  'asdfghjk',
  'asdf1234',
  'zxcvbnm1',
  'zxcvbnm123',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'a1234567',
  'a12345678',
  'a123456789',
  'aa123456',
  'aa12345678',
  'abc12345',
  'abc123456',
  'abcd1234',
  '1234abcd',
  '123456abc',
  '123456aa',
  'iloveyou',
  'woaini1314',
  '5201314520',
  '520131452',
  '1314520520',
  'admin123',
  'admin888',
  'administrator',
  'welcome1',
  'changeme',
  '11223344',
  '12344321',
  '147258369',
  '159357456',
  '123321123',
  '147852369',
  '987654321a',
  'gongjiang',
  'gongjiang123',
]);

/** The same short group over and over (a whole-string repetition of a unit of 1–4 characters). */
function isRepeated(p: string): boolean {
  for (let unit = 1; unit <= 4 && unit < p.length; unit++) {
    // a partial last group still counts: 1231231 is 123 repeated
    const head = p.slice(0, unit);
    let ok = true;
    for (let i = unit; i < p.length; i++) {
      if (p[i] !== head[i % unit]) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Every character one step after (or before) the previous one: 12345678, 98765432, 1234567890, abcdefgh, hgfedcba. */
function isRun(p: string): boolean {
  const s = p.toLowerCase();
  const digits = /^[0-9]+$/.test(s);
  if (!digits && !/^[a-z]+$/.test(s)) return false;
  const codes = Array.from(s, (c) => c.charCodeAt(0));
  // digits wrap around as on a keyboard's top row (…8, 9, 0)
  const diff = (i: number) => {
    const d = (codes[i] as number) - (codes[i - 1] as number);
    return digits ? ((d + 10) % 10 === 9 ? -1 : (d + 10) % 10) : d;
  };
  const step = diff(1);
  if (step !== 1 && step !== -1) return false;
  return codes.every((_, i) => i === 0 || diff(i) === step);
}

/** What is wrong with a new password, or null when it may be used. `phone`: the account's phone number, if known. */
export function passwordProblem(password: string, context: { phone?: string | null } = {}): PasswordProblem | null {
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN) return 'short';
  if (length > PASSWORD_MAX) return 'long';
  if (isRepeated(password)) return 'repeated';
  if (isRun(password)) return 'sequence';
  if (context.phone && context.phone.length >= 7 && password.includes(context.phone)) return 'phone';
  if (COMMON.has(password.toLowerCase())) return 'common';
  return null;
}

/** English words for a problem, for the API's VALIDATION message (`password: …`). */
export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  short: `must be at least ${PASSWORD_MIN} characters`,
  long: `must be at most ${PASSWORD_MAX} characters`,
  repeated: 'is one character or group repeated; choose one that is harder to guess',
  sequence: 'is a straight run of digits or letters; choose one that is harder to guess',
  phone: 'contains the phone number; choose one that is harder to guess',
  common: 'is one of the most common passwords; choose one that is harder to guess',
};
