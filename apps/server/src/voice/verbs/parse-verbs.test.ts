import { describe, expect, it } from 'vitest';
import { parseVerbDocument, parseVerbXml, VerbDocumentError } from './parse-verbs';

describe('verb documents', () => {
  it('parses the TwiML subset into the JSON shape, in order', () => {
    const verbs = parseVerbXml(`<?xml version="1.0" encoding="UTF-8"?>
      <Response>
        <Say voice="en" loop="2">Hello there</Say>
        <Pause length="2"/>
        <Gather numDigits="3" action="https://app.example/digits" timeout="7"><Say>Enter your code</Say></Gather>
        <Play>https://cdn.example/a.wav</Play>
        <Record maxLength="5" playBeep="false" finishOnKey="#"/>
        <Dial timeout="20"><Number>+15551234567</Number><Sip>sip:bob@example.com</Sip><Client>alice</Client></Dial>
        <Dial>+15557654321</Dial>
        <Redirect method="GET">https://app.example/next</Redirect>
        <Reject reason="busy"/>
        <Hangup/>
      </Response>`);
    expect(verbs.map((v) => v.verb)).toEqual([
      'say',
      'pause',
      'gather',
      'play',
      'record',
      'dial',
      'dial',
      'redirect',
      'reject',
      'hangup',
    ]);
    expect(verbs[0]).toEqual({ verb: 'say', text: 'Hello there', voice: 'en', loop: 2 });
    expect(verbs[2]).toMatchObject({
      verb: 'gather',
      numDigits: 3,
      timeout: 7,
      finishOnKey: '#',
      prompts: [{ verb: 'say', text: 'Enter your code', loop: 1 }],
    });
    expect(verbs[4]).toMatchObject({ verb: 'record', maxLength: 5, playBeep: false, finishOnKey: '#' });
    expect(verbs[5]).toMatchObject({
      targets: [
        { type: 'number', number: '+15551234567' },
        { type: 'sip', uri: 'sip:bob@example.com' },
        { type: 'client', identity: 'alice' },
      ],
      timeout: 20,
    });
    expect(verbs[6]).toMatchObject({ targets: [{ type: 'number', number: '+15557654321' }] });
    expect(verbs[7]).toEqual({ verb: 'redirect', url: 'https://app.example/next', method: 'GET' });
  });

  it('parses Enqueue and Conference options', () => {
    const verbs = parseVerbXml(`<Response>
        <Enqueue waitUrl="https://app.example/hold" action="https://app.example/left">support</Enqueue>
        <Dial action="https://app.example/after"><Conference endConferenceOnExit="true" muted="true" beep="false">room 1</Conference></Dial>
        <Dial><Queue>support</Queue></Dial>
      </Response>`);
    expect(verbs[0]).toEqual({
      verb: 'enqueue',
      name: 'support',
      waitUrl: 'https://app.example/hold',
      waitUrlMethod: 'POST',
      action: 'https://app.example/left',
      method: 'POST',
    });
    expect(verbs[1]).toMatchObject({
      targets: [
        {
          type: 'conference',
          name: 'room 1',
          startConferenceOnEnter: true,
          endConferenceOnExit: true,
          muted: true,
          beep: false,
        },
      ],
    });
    expect(verbs[2]).toMatchObject({ targets: [{ type: 'queue', name: 'support' }] });
  });

  it('parses the same document as JSON', () => {
    const verbs = parseVerbDocument(
      JSON.stringify([{ verb: 'say', text: 'Hi' }, { verb: 'pause' }, { verb: 'hangup' }]),
      'application/json',
    );
    expect(verbs).toEqual([
      { verb: 'say', text: 'Hi', loop: 1 },
      { verb: 'pause', length: 1 },
      { verb: 'hangup' },
    ]);
    expect(parseVerbDocument(JSON.stringify({ verbs: [{ verb: 'hangup' }] }), 'application/json')).toEqual([
      { verb: 'hangup' },
    ]);
  });

  it('refuses bad documents with a reason', () => {
    const bad =
      (body: string, type = 'application/xml') =>
      () =>
        parseVerbDocument(body, type);
    expect(bad('<Response><Say>unclosed</Response>')).toThrow(/invalid XML/);
    expect(bad('<Response><Dance/></Response>')).toThrow(/unknown verb <Dance>/);
    expect(bad('<Html><Say>x</Say></Html>')).toThrow(/one <Response>/);
    expect(bad('<Response><Pause length="-1"/></Response>')).toThrow(/invalid verb at 0.length/);
    expect(bad('<Response><Dial><Fax>1</Fax></Dial></Response>')).toThrow(VerbDocumentError);
    expect(bad('{not json', 'application/json')).toThrow(/invalid JSON/);
    expect(bad('[{"verb":"teleport"}]', 'application/json')).toThrow(/invalid verb/);
  });
});
