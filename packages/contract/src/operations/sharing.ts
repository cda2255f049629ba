import { taggedOperations } from '../operation';
import { binary, errors, IdParams } from '../common';

const ops = taggedOperations('contests');

/** Sharing a contest the way workers share things: a poster for a group chat (issue 17 item 4). */
export const getContestPoster = ops.open('GET', '/contests/:id/poster.png', {
  operationId: 'getContestPoster',
  summary: "A published contest's share poster (分享海报): a 750 px wide PNG with a QR code of the contest page",
  description:
    'Public, for a published contest only (a draft, a cancelled or an unknown contest is a 404). The poster shows the title, the dates ' +
    'and the registration window in Beijing time, the organiser, the trades and levels, the venue and a QR code of ' +
    '<origin>/contests/<id> (the origin as this request reached it). `ETag` and `Last-Modified` follow the contest and its events; ' +
    '`If-None-Match` answers 304. 503 POSTER_FONT_MISSING when the server has no CJK font (install fonts-noto-cjk or set POSTER_FONT).',
  params: IdParams,
  response: {
    200: binary('image/png', 'PNG, 750 px wide'),
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    ...errors(404, 503),
  },
});
