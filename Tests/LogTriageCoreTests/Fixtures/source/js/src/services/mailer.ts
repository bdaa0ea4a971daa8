import nodemailer from "nodemailer";
import { logger } from "../logger";

const SMTP_HOST = process.env.SMTP_HOST ?? "localhost";

export class Mailer {
  private transport: Transport;

  constructor(private readonly from: string) {
    this.transport = nodemailer.createTransport({ host: SMTP_HOST });
  }

  async send(to: string, subject: string): Promise<void> {
    const password = process.env["SMTP_PASSWORD"] || "";
    try {
      await this.transport.sendMail({ to, subject, auth: { pass: password } });
    } catch (err) {
      logger.error({ err }, `Failed to send email to ${to}: ${err.message}`);
      throw new Error(`SMTP delivery failed for ${to}`);
    }
  }
}
