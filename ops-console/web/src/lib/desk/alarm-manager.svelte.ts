import type { Incident } from '@cityops/contracts';
import type { LocaleStorage } from '../i18n/locale-manager.svelte.ts';
import { flashTitle, shouldSound, type AlarmReason } from './alarm.ts';
import type { TonePlayer } from './tone.ts';

export const ALARM_MUTED_KEY = 'cityops.alarm.muted';
export const ALARM_NOTIFY_KEY = 'cityops.alarm.notify';
/** Bursts (a replay after an outage) sound once per this. */
const MIN_GAP_MS = 3_000;
const FLASH_MS = 1_000;

export type NotifyState = 'unsupported' | 'off' | 'on' | 'denied';

/** The browser's edges, injected so the manager can be driven without a page. */
export interface AlarmDeps {
  storage: LocaleStorage;
  tone: TonePlayer;
  /** The normal title, in the current language. */
  baseTitle: () => string;
  /** The alternating alert text. */
  alertTitle: () => string;
  setTitle: (title: string) => void;
  /** `Notification` where the browser has it. */
  notification?: {
    permission: NotificationPermission;
    requestPermission(): Promise<NotificationPermission>;
    show(title: string, body: string, tag: string): void;
  };
  now?: () => number;
}

/**
 * The alarm: for each new critical incident (and each escalation), a generated tone unless
 * muted, the tab title flashing until the operator interacts, and a browser notification when
 * they asked for them. Holds no history: a wall runs for days.
 */
export class AlarmManager {
  muted = $state(false);
  notify = $state<NotifyState>('unsupported');
  flashing = $state(false);

  readonly #deps: AlarmDeps;
  readonly #now: () => number;
  #lastSounded: number | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick = 0;

  constructor(deps: AlarmDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.muted = read(deps.storage, ALARM_MUTED_KEY) === '1';
    const n = deps.notification;
    if (n) this.notify = n.permission === 'denied' ? 'denied' : n.permission === 'granted' && read(deps.storage, ALARM_NOTIFY_KEY) === '1' ? 'on' : 'off';
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    write(this.#deps.storage, ALARM_MUTED_KEY, muted ? '1' : '0');
    if (!muted) this.#deps.tone.unlock();
  }

  /** The button: asks for permission the first time, then switches notifications on and off. */
  async toggleNotifications(): Promise<void> {
    const n = this.#deps.notification;
    if (!n) return;
    if (this.notify === 'on') {
      this.notify = 'off';
      write(this.#deps.storage, ALARM_NOTIFY_KEY, '0');
      return;
    }
    const permission = n.permission === 'granted' ? 'granted' : await n.requestPermission();
    this.notify = permission === 'granted' ? 'on' : permission === 'denied' ? 'denied' : 'off';
    write(this.#deps.storage, ALARM_NOTIFY_KEY, this.notify === 'on' ? '1' : '0');
  }

  trigger(incident: Incident, reason: AlarmReason, notificationTitle: string): void {
    const now = this.#now();
    if (!this.muted && shouldSound(this.#lastSounded, now, MIN_GAP_MS)) {
      this.#lastSounded = now;
      this.#deps.tone.play();
    }
    this.#startFlash();
    if (this.notify === 'on') {
      const body = [incident.address ?? incident.area, incident.deviceId].filter(Boolean).join(' · ');
      // The tag replaces an earlier notification of the same incident instead of stacking them.
      this.#deps.notification?.show(notificationTitle, body, `cityops-incident-${incident.id}-${reason}`);
    }
  }

  /** The operator is here: stop flashing (and let audio start, browsers need a gesture first). */
  acknowledgePresence(): void {
    this.#deps.tone.unlock();
    if (!this.flashing) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.flashing = false;
    this.#deps.setTitle(this.#deps.baseTitle());
  }

  /** Listens for the operator's first interaction on `target`; returns the cleanup. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onInteract = () => this.acknowledgePresence();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) target.addEventListener(e, onInteract, { capture: true, passive: true });
    return () => {
      for (const e of events) target.removeEventListener(e, onInteract, { capture: true });
      clearInterval(this.#timer);
      this.#timer = undefined;
      if (this.flashing) this.#deps.setTitle(this.#deps.baseTitle());
      this.flashing = false;
      this.#deps.tone.close();
    };
  }

  #startFlash(): void {
    this.flashing = true;
    if (this.#timer !== undefined) return;
    this.#tick = 0;
    const step = () => this.#deps.setTitle(flashTitle(this.#deps.baseTitle(), this.#deps.alertTitle(), this.#tick++));
    step();
    this.#timer = setInterval(step, FLASH_MS);
  }
}

function read(storage: LocaleStorage, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: LocaleStorage, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Private browsing or a full quota: the choice lasts this visit only.
  }
}
