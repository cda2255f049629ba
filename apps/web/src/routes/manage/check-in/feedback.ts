/**
 * What the venue desk hears and feels after each check-in, so staff need not look at the phone: a short high beep and
 * one buzz when a contestant is checked in, two low beeps and a double buzz when a ticket is refused. WebAudio needs a
 * user gesture first (the camera button or the submit) — `prime()` is called from one; without sound or vibration
 * support it stays silent.
 */
let audio: AudioContext | null = null;

export function prime(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

function tone(ctx: AudioContext, hz: number, start: number, seconds: number) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = hz;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.3, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + seconds + 0.02);
}

export function signal(ok: boolean): void {
  try {
    prime();
    if (audio) {
      if (ok) tone(audio, 1320, 0, 0.15);
      else {
        tone(audio, 330, 0, 0.18);
        tone(audio, 330, 0.25, 0.18);
      }
    }
    navigator.vibrate?.(ok ? 120 : [90, 60, 90]);
  } catch {
    // no sound or vibration here: the colour and the words still say it
  }
}
