import { emitEvent } from '../../modules/events/emit-event';
import { RECORDING_CALLBACK } from '../../modules/recordings/recording-callback.job';
import { signedRecordingUrl } from '../../modules/recordings/recording-url';
import { type RecordingRow, recordings } from '../../modules/recordings/recordings.schema';
import { newId } from '../../platform/db/ids';
import { decodeG711, encodeWav } from '../audio/g711';
import type { LiveCall } from './live-call';
import type { VoiceEngine } from './voice-engine';

export type RecordResult = { recording: RecordingRow; mediaUrl: string | null; finishedBy: string | null };

/**
 * Records what the far end says: the G.711 RTP that rtpengine relays to this node's media sink, from
 * the call's own rtpengine port, decoded to 16-bit WAV, until maxLength, a finishOnKey digit or the
 * end of the call. The WAV goes to the object store; then, in one transaction, the row to
 * `recordings`, `recording.completed` to the event log and the `recordingStatusCallback` job (if
 * asked for). When the object store refuses the WAV, the row is `failed` (`recording.failed`, and the
 * callback says so) rather than failing the call.
 */
export async function recordAudio(
  engine: VoiceEngine,
  live: LiveCall,
  options: {
    maxLengthSeconds: number;
    finishOnKey: string;
    recordingStatusCallback?: string;
    nextDigit(ms: number): Promise<string | null>;
  },
): Promise<RecordResult> {
  const chunks: Int16Array[] = [];
  const stop = live.mediaPort
    ? engine.sink.listen(live.mediaPort, (payloadType, payload) => {
        const samples = decodeG711(payloadType, payload);
        if (samples) chunks.push(samples);
      })
    : () => {};
  const deadline = Date.now() + options.maxLengthSeconds * 1000;
  let finishedBy: string | null = null;
  try {
    while (Date.now() < deadline && !live.abort.signal.aborted) {
      const digit = await options.nextDigit(deadline - Date.now());
      if (digit !== null && options.finishOnKey.includes(digit)) {
        finishedBy = digit;
        break;
      }
    }
  } finally {
    stop();
  }
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const samples = new Int16Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  const wav = encodeWav(samples);
  const id = newId('rec');
  const key = `recordings/${live.tenantId}/${id}.wav`;
  const stored = await engine.ctx.storage.put(key, wav, { contentType: 'audio/wav' }).then(
    () => true,
    (error: Error) => {
      engine.logger.error({ err: error, callId: live.id }, 'recording could not be stored');
      return false;
    },
  );
  const recording = await engine.ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recordings)
      .values({
        id,
        tenantId: live.tenantId,
        callId: live.id,
        status: stored ? 'completed' : 'failed',
        storageKey: stored ? key : null,
        contentType: 'audio/wav',
        durationSeconds: Math.round(total / 8000),
        sizeBytes: stored ? wav.length : null,
      })
      .returning();
    await emitEvent(engine.ctx, tx, {
      tenantId: live.tenantId,
      type: stored ? 'recording.completed' : 'recording.failed',
      data: {
        recording: {
          id,
          callId: live.id,
          durationSeconds: row!.durationSeconds,
          contentType: 'audio/wav',
          errorCode: stored ? null : 'storage_failed',
        },
      },
    });
    if (options.recordingStatusCallback)
      await engine.ctx.jobs.enqueue(
        RECORDING_CALLBACK,
        { recordingId: id, url: options.recordingStatusCallback },
        { tx },
      );
    return row!;
  });
  return { recording, mediaUrl: stored ? signedRecordingUrl(engine.ctx, id) : null, finishedBy };
}
