/** Plays the alarm. Generated with WebAudio: no audio file to ship, cache or lose. */
export interface TonePlayer {
  play(): void;
  /** Browsers start audio only after a user gesture: called on the first one. */
  unlock(): void;
  close(): void;
}

type AudioContextClass = typeof AudioContext;

/** Three two-tone pulses (about 1.3 s), loud enough to turn heads, short enough not to annoy. */
const PULSES: readonly { freq: number; at: number; dur: number }[] = [
  { freq: 880, at: 0, dur: 0.18 },
  { freq: 660, at: 0.22, dur: 0.18 },
  { freq: 880, at: 0.48, dur: 0.18 },
  { freq: 660, at: 0.7, dur: 0.18 },
  { freq: 880, at: 0.96, dur: 0.18 },
  { freq: 660, at: 1.18, dur: 0.18 },
];

export function createTonePlayer(win: { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass } = window as never): TonePlayer {
  const Ctor = win.AudioContext ?? win.webkitAudioContext;
  let ctx: AudioContext | null = null;
  const context = (): AudioContext | null => {
    if (!Ctor) return null;
    ctx ??= new Ctor();
    return ctx;
  };
  return {
    play() {
      const c = context();
      if (!c) return;
      if (c.state === 'suspended') void c.resume().catch(() => undefined);
      const start = c.currentTime + 0.02;
      for (const p of PULSES) {
        const osc = c.createOscillator();
        const gain = c.createGain();
        osc.type = 'square';
        osc.frequency.value = p.freq;
        // Short ramps: no clicks at the edges of each pulse.
        gain.gain.setValueAtTime(0, start + p.at);
        gain.gain.linearRampToValueAtTime(0.18, start + p.at + 0.01);
        gain.gain.setValueAtTime(0.18, start + p.at + p.dur - 0.02);
        gain.gain.linearRampToValueAtTime(0, start + p.at + p.dur);
        osc.connect(gain).connect(c.destination);
        osc.start(start + p.at);
        osc.stop(start + p.at + p.dur + 0.01);
        osc.onended = () => {
          osc.disconnect();
          gain.disconnect();
        };
      }
    },
    unlock() {
      const c = context();
      if (c?.state === 'suspended') void c.resume().catch(() => undefined);
    },
    close() {
      void ctx?.close().catch(() => undefined);
      ctx = null;
    },
  };
}
