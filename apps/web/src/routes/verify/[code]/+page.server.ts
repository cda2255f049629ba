import { ApiError, call } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** Public certificate verification: the certificate PDF's QR code points here (anyone, no login). */
export const load: PageServerLoad = async (event) => {
  const code = event.params.code.trim();
  try {
    const certificate = await call(event, 'verifyCertificate', { params: { code } }, { token: null });
    return { code, certificate, unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // 404 (and a 400 for a malformed code) means: no such certificate
    return { code, certificate: null, unavailable: e.status >= 429 };
  }
};
