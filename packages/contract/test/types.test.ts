import { describe, expect, expectTypeOf, it } from 'vitest';
import { pathOf, type BodyOf, type ParamsOf, type ResponseOf } from '../src';

describe('client types', () => {
  it('follow the schemas: params, body and answer of an operation', () => {
    expectTypeOf<ParamsOf<'getContest'>>().toEqualTypeOf<{ id: number }>();
    expectTypeOf<ResponseOf<'getContest'>['events'][number]['trade']>().toEqualTypeOf<{
      id: number;
      code: string;
      name: string;
      nameEn: string;
    } | null>();
    expectTypeOf<BodyOf<'createContest'>['tier']>().toEqualTypeOf<'city' | 'district' | 'enterprise'>();
    expectTypeOf<ResponseOf<'logout'>>().toEqualTypeOf<undefined>();
    expect(pathOf('getContest', { id: 7 })).toBe('/contests/7');
    expect(() => pathOf('getContest')).toThrow(/:id/);
  });
});
