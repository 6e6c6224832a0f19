import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { describeDnsState } from '../dns-status';
import DnsRecordRow from './dns-record-row.vue';

const record = { type: 'TXT' as const, host: 's1._domainkey.example.com', value: 'v=DKIM1; k=rsa; p=MIIB' };
const check = (status: 'valid' | 'warning' | 'invalid', found: string[], fix: string | null) => ({
  status,
  expected: record,
  found,
  fix,
});

describe('DNS record row', () => {
  it('tells missing from wrong: the server says invalid for both', () => {
    expect(describeDnsState(null)).toBe('unchecked');
    expect(describeDnsState(check('invalid', [], 'x'))).toBe('missing');
    expect(describeDnsState(check('invalid', ['v=DKIM1; p=OLD'], 'x'))).toBe('wrong');
    expect(describeDnsState(check('warning', ['v=DMARC1; p=none'], 'x'))).toBe('warning');
    expect(describeDnsState(check('valid', ['v=DKIM1; p=MIIB'], null))).toBe('ok');
  });

  it('shows a missing record with the fix, the exact record and copy buttons', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const fix = `Publish a TXT record at ${record.host}: ${record.value}`;
    const row = mount(DnsRecordRow, { props: { label: 'DKIM', record, check: check('invalid', [], fix) } });
    expect(row.text()).toContain('missing');
    expect(row.find('[data-testid="dns-fix"]').text()).toBe(fix);
    expect(row.text()).toContain('Add this record');
    expect(row.find('[data-testid="dns-host"]').text()).toBe(record.host);
    expect(row.find('[data-testid="dns-value"]').text()).toBe(record.value);
    await row.find('button[aria-label="Copy DKIM value"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(record.value);
    expect(row.find('button[aria-label="DKIM value copied"]').text()).toBe('Copied');
    await row.find('button[aria-label="Copy DKIM host"]').trigger('click');
    expect(writeText).toHaveBeenLastCalledWith(record.host);
  });

  it('shows a wrong record with what was found and says to change it', () => {
    const row = mount(DnsRecordRow, {
      props: { label: 'DKIM', record, check: check('invalid', ['v=DKIM1; p=OLDKEY'], 'holds another key') },
    });
    expect(row.text()).toContain('wrong');
    expect(row.text()).toContain('Change the record to');
    expect(row.text()).toContain('v=DKIM1; p=OLDKEY');
  });

  it('shows an ok record without fix instructions', () => {
    const row = mount(DnsRecordRow, {
      props: { label: 'DKIM', record, check: check('valid', [record.value], null) },
    });
    expect(row.text()).toContain('ok');
    expect(row.find('[data-testid="dns-fix"]').exists()).toBe(false);
    expect(row.find('[data-testid="dns-value"]').exists()).toBe(false);
  });

  it('asks to publish and check a record that was never checked', () => {
    const row = mount(DnsRecordRow, { props: { label: 'SPF', record, check: null } });
    expect(row.text()).toContain('not checked');
    expect(row.text()).toContain('Publish this record, then check DNS.');
    expect(row.find('[data-testid="dns-value"]').text()).toBe(record.value);
  });
});
