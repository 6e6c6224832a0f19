import type { LiveCall } from './live-call';
import type { VoiceEngine } from './voice-engine';

/**
 * Ends a live call's SIP side once: CANCEL while it rings, BYE once answered. The CDR is written by
 * whoever runs the call (it sees the abort), so every end path goes through one place.
 */
export async function hangupLive(
  engine: VoiceEngine,
  live: LiveCall,
  by: 'iris' | 'api' | 'remote',
  _sipCode?: number,
): Promise<void> {
  if (live.endedBy) return;
  live.endedBy = by;
  live.abort.abort();
  if (!live.dialog) {
    live.cancelDial?.();
    return;
  }
  if (by === 'remote') return;
  try {
    await engine.sip.dialogs.send(live.dialog, 'BYE').response;
  } catch (error) {
    engine.logger.warn({ err: error, callId: live.id }, 'BYE failed; the call is ended on our side');
  }
}
