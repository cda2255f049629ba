import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { binary, errors, Nullable, NullableSkillLevel, PromotionSource } from '../common';

const ops = taggedOperations('certificates');

export const SourceType = PromotionSource;

export const CodeParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 200, description: 'the verification code printed on the certificate' }),
});

export const Source = Type.Object({ type: SourceType, title: Type.String(), trade: Nullable(Type.String()), organisation: Type.String() });

export const Verified = Type.Object(
  {
    certificateNo: Type.String({ description: 'e.g. GJ-2026-000123' }),
    holder: Type.Object({
      name: Type.String({ description: 'masked, e.g. 王*国' }),
      residentId: Nullable(Type.String({ description: 'masked, e.g. 320202********1234' })),
    }),
    level: NullableSkillLevel,
    levelName: Nullable(Type.String()),
    title: Nullable(Type.String({ description: 'e.g. 市技术能手' })),
    issuedOn: Type.String({ description: 'YYYY-MM-DD (Beijing)' }),
    source: Source,
  },
  { $id: 'VerifiedCertificate' },
);

export const Mine = Type.Object(
  {
    code: Type.String(),
    certificateNo: Type.String(),
    level: NullableSkillLevel,
    title: Nullable(Type.String()),
    issuedOn: Type.String(),
    source: Type.Object({
      type: SourceType,
      id: Type.Integer(),
      title: Type.String(),
      trade: Nullable(Type.String()),
      organisation: Type.String(),
    }),
  },
  { $id: 'MyCertificate' },
);

export const verifyCertificate = ops.open('GET', '/certificates/:code', {
  operationId: 'verifyCertificate',
  summary: 'Verify a certificate by its code (anyone): holder as issued, masked; level, title, issue date, source',
  description: '404 NOT_FOUND for an unknown or forged code.',
  params: CodeParams,
  response: { 200: Verified, ...errors(404, 429) },
});

export const lookupCertificate = ops.open('POST', '/certificates/lookup', {
  operationId: 'lookupCertificate',
  summary: 'Verify a certificate by its number together with the holder’s name as issued (anyone)',
  description:
    'The way Chinese certificate look-ups work (证书编号 + 姓名). The number alone reveals nothing: an unknown number and a name that ' +
    'does not match answer the same 404. The answer is that of GET /api/certificates/:code, with the verification `code`.',
  body: Type.Object(
    {
      certificateNo: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. GJ-2026-000123' }),
      name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ code: Type.String(), ...Verified.properties }, { $id: 'LookedUpCertificate' }),
    ...errors(400, 404, 429),
  },
});

export const getCertificatePdf = ops.authed('GET', '/certificates/:code/pdf', {
  operationId: 'getCertificatePdf',
  summary:
    'The certificate as a Chinese PDF (证书) with a QR code of /verify/<code>: the holder, or an organizer in scope of the issuing organisation',
  description: '404 for anyone else.',
  params: CodeParams,
  response: { 200: binary('application/pdf', 'A4 landscape PDF'), ...errors(401, 404) },
});

export const listMyCertificates = ops.authed('GET', '/me/certificates', {
  operationId: 'listMyCertificates',
  summary: 'My certificates, newest first',
  response: { 200: Type.Array(Mine), ...errors(401, 403) },
});
