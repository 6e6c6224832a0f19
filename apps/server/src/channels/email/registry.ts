import { sandboxProviderModule } from '../sandbox/sandbox.adapter';
import { mailgunProviderModule } from './mailgun/mailgun.adapter';
import { postmarkProviderModule } from './postmark/postmark.adapter';
import { sendgridProviderModule } from './sendgrid/sendgrid.adapter';
import { sesProviderModule } from './ses/ses.adapter';
import { smtpProviderModule } from './smtp/smtp.adapter';

/** Every email provider IRIS can run: adding one is one folder and one line here. */
export const EMAIL_PROVIDERS = [
  sandboxProviderModule('email'),
  sendgridProviderModule,
  mailgunProviderModule,
  postmarkProviderModule,
  sesProviderModule,
  smtpProviderModule,
] as const;
