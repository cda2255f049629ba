/**
 * A VALIDATION answer in the reader's words (issue 17: schema errors reach the page in Chinese). The API's top-level
 * message carries its schema detail, which names the input by its JSON path in English (`输入有误：body.title must NOT
 * have more than 200 characters`); the structured `fields` say which input and what is wrong with it — the label comes
 * from here, the words from the field's own message (already in the reader's language) or from its stable code.
 */
import type { FieldError } from '@gongjiang/contract';
import * as m from '$lib/paraglide/messages';

const LABELS: Record<string, () => string> = {
  title: m.field_label_title,
  phone: m.field_label_phone,
  idNumber: m.field_label_idNumber,
  password: m.field_label_password,
  currentPassword: m.field_label_currentPassword,
  code: m.field_label_code,
  reason: m.field_label_reason,
  venue: m.field_label_venue,
  description: m.field_label_description,
  capacity: m.field_label_capacity,
  startsAt: m.field_label_startsAt,
  endsAt: m.field_label_endsAt,
  registrationOpensAt: m.field_label_registrationOpensAt,
  registrationClosesAt: m.field_label_registrationClosesAt,
  employer: m.field_label_employer,
  birthDate: m.field_label_birthDate,
  skillLevel: m.field_label_skillLevel,
  targetLevel: m.field_label_targetLevel,
  seed: m.field_label_seed,
  maxScore: m.field_label_maxScore,
  weight: m.field_label_weight,
  score: m.field_label_score,
  theory: m.field_label_theory,
  practical: m.field_label_practical,
  appealHours: m.field_label_appealHours,
  seats: m.field_label_seats,
  tradeId: m.field_label_tradeId,
  orgId: m.field_label_orgId,
  passMark: m.field_label_passMark,
  email: m.field_label_email,
};

const CODES: Record<string, () => string> = {
  required: m.field_code_required,
  unknown_field: m.field_code_unknown_field,
  type: m.field_code_type,
  too_short: m.field_code_too_short,
  too_long: m.field_code_too_long,
  format: m.field_code_format,
  range: m.field_code_range,
  enum: m.field_code_enum,
  checksum: m.field_code_checksum,
  date: m.field_code_date,
  weak: m.field_code_weak,
  unknown_ref: m.field_code_unknown_ref,
  order: m.field_code_order,
  sum: m.field_code_sum,
  step: m.field_code_step,
  invalid: m.field_code_invalid,
};

/**
 * `scoring.criteria.2.maxScore` → 满分: the last named part of the path; null for a name that means different things on
 * different forms (`name`: a person's, an organisation's, a trade's) or that has no words here — the form shows the
 * message next to that input anyway.
 */
export function fieldLabel(path: string): string | null {
  const name =
    path
      .split('.')
      .reverse()
      .find((part) => !/^\d+$/.test(part)) ?? '';
  return (Object.hasOwn(LABELS, name) ? LABELS[name] : undefined)?.() ?? null;
}

/**
 * A schema failure's words for one input: its field message is `<path>：<words>` in the reader's language (the words carry
 * the schema's bound, 太长（最多 50）), said here with the input's label instead of the path. Null for any other refusal:
 * a rule of the API's own (名册有 1 处问题, a quota over the capacity) already comes as a sentence to show as it is.
 */
export function schemaProblem(field: FieldError): string | null {
  if (!field.field) return null;
  for (const separator of ['：', ' ']) {
    const prefix = field.field + separator;
    if (field.message.startsWith(prefix)) {
      const label = fieldLabel(field.field);
      const text =
        field.message.slice(prefix.length) ||
        ((Object.hasOwn(CODES, field.code) ? CODES[field.code] : undefined)?.() ?? m.field_code_invalid());
      return label ? m.field_problem({ label, text }) : text;
    }
  }
  return null;
}

/** The page's message for a VALIDATION answer: a schema failure of its first input in the reader's words, else the API's own. */
export function validationMessage(fields: readonly FieldError[], topMessage: string): string {
  const problem = fields[0] ? schemaProblem(fields[0]) : null;
  return problem ? m.field_problem_summary({ problem }) : topMessage;
}
