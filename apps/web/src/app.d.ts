import type { Locale } from '$lib/paraglide/runtime';
import type { Me } from '@gongjiang/contract';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** the logged-in account (GET /api/me), or null */
      user: Me | null;
      /** the access token for server-side API calls; never sent to the browser */
      accessToken: string | null;
      /** this page request's id (x-request-id from the host), carried to the API calls it makes */
      requestId?: string;
    }
    interface Error {
      message: string;
      code?: string;
    }
    interface PageData {
      locale: Locale;
      user: Pick<Me, 'id' | 'name' | 'phone' | 'roles' | 'orgId' | 'orgName'> | null;
      /** the database holds the demo data set: every page says so */
      demo: boolean;
    }
  }
}

export {};
