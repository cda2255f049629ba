/**
 * The two ways our forms use SvelteKit's `use:enhance`, written once (issue 14): a form that is busy while its answer is
 * on the way, and a form that keeps what was typed. Without JavaScript the same forms post and reload as usual.
 */
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';

type Options = {
  /** empty the form after a success (SvelteKit's default); false keeps what was typed, so a refusal can be corrected */
  reset?: boolean;
  /** runs after the page has taken the answer, while the form still reads as busy */
  after?: (result: ActionResult) => unknown;
};

/**
 * use:enhance={pending.enhance} with disabled={pending.busy} on the submit button: one tap sends once, and the button
 * comes back when the answer has been shown.
 */
export class Pending {
  busy = $state(false);
  readonly #options: Options;

  constructor(options: Options = {}) {
    this.#options = options;
  }

  readonly enhance: SubmitFunction = () => {
    this.busy = true;
    return async ({ result, update }) => {
      await update({ reset: this.#options.reset ?? false });
      await this.#options.after?.(result);
      this.busy = false;
    };
  };
}

/** use:enhance that keeps what was typed when the answer arrives (a refusal shows next to the values it refused). */
export const keepValues: SubmitFunction = () => ({ update }) => update({ reset: false });
