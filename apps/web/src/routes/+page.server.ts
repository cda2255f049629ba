import { listContests, listTrainings } from '$lib/server/catalogue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [contests, trainings] = await Promise.all([listContests(event, { pageSize: 6 }), listTrainings(event, { pageSize: 6 })]);
  const profile = event.locals.user?.profile;
  const isWorker = !!event.locals.user?.roles.includes('worker');
  return { contests, trainings, profileIncomplete: isWorker && !profile?.complete };
};
