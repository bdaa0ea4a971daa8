import { logger } from "../logger";

export const handleWebhook = async (event: WebhookEvent, retries = 3): Promise<void> => {
  const secret = process.env.WEBHOOK_SECRET;
  if (!event.signature) {
    logger.warn(`Webhook ${event.id} rejected: missing signature`);
    return;
  }
};

export class WebhookQueue {
  private readonly depth = Number(process.env.QUEUE_DEPTH ?? 100);

  drain = async (batch: Batch): Promise<number> => {
    batch.items.forEach((item) => {
      logger.info("Draining webhook " + item.id + " from queue " + this.name);
    });
    return batch.size;
  };
}
