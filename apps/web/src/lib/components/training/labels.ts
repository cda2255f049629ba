/** Display names of a class's status (draft / published / completed / cancelled). */
import * as m from '$lib/paraglide/messages';

export function classStatusName(status: string): string {
  const names: Record<string, () => string> = {
    draft: m.training_status_draft,
    published: m.training_status_published,
    completed: m.training_status_completed,
    cancelled: m.training_status_cancelled,
  };
  return names[status]?.() ?? status;
}
