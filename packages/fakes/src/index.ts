export { type FakeServer, type Fault, type RecordedRequest, startFakeServer } from './fake-server';
