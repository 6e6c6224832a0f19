// The IRIS side of the conference bench, in a process of its own so its CPU can be read from
// /proc like Janus's: the production media sink (one UDP socket, legs told apart by source port)
// and one G.711 mixer per conference, exactly as voice/verbs/dial-conference.ts wires them.
// argv[2]: JSON [[phonePort, ...], ...] (one array per conference). Prints {"port": n} when ready.
import { createRtpPacketizer } from '../../apps/server/src/voice/audio/rtp-packetizer';
import { openMediaSink } from '../../apps/server/src/voice/calls/media-sink';
import { createG711Mixer } from '../../apps/server/src/voice/conference/g711-mixer';

const conferences = JSON.parse(process.argv[2] ?? '[]') as number[][];
const sink = await openMediaSink('127.0.0.1');
const mixers = conferences.map((phones) => {
  const mixer = createG711Mixer();
  for (const port of phones) {
    const packetizer = createRtpPacketizer();
    const leg = mixer.addLeg({
      id: String(port),
      send: (payloadType, payload, samples) =>
        sink.send(port, packetizer.packet(payloadType, payload, samples)),
    });
    sink.listen(port, (payloadType, payload) => leg.push(payloadType, payload));
  }
  mixer.start();
  return mixer;
});
console.log(JSON.stringify({ port: sink.port }));
process.on('SIGTERM', () => {
  for (const mixer of mixers) mixer.stop();
  const stats = mixers.map((m) => m.stats());
  console.log(JSON.stringify({ lateTicks: stats.reduce((n, s) => n + s.lateTicks, 0) }));
  void sink.close().then(() => process.exit(0));
});
