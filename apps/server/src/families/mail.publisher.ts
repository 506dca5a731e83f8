import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** RFC 8058 one-click unsubscribe. */
  readonly unsubscribeUrl: string;
}

/** Sends email through the SMTP server SMTP_URL names; without one, says so and sends nothing. */
@Injectable()
export class MailPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | undefined;
  private readonly from: string;

  constructor(@Inject(CONFIG) config: Config) {
    this.from = config.MAIL_FROM;
    this.transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined;
    if (!this.transport)
      this.logger.warn(
        'SMTP_URL is not set: no email is sent (guardians’ weekly summaries are off).',
      );
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('No SMTP server is configured (SMTP_URL).');
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
