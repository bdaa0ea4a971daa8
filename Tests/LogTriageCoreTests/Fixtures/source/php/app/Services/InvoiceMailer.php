<?php
declare(strict_types=1);

namespace App\Services;

use Illuminate\Support\Facades\Config;
use Illuminate\Support\Facades\Log;

# A "quote" in a hash comment is not a string.
#[AsService(name: 'mailer')]
final class InvoiceMailer
{
    private string $host;

    public function __construct(private LoggerInterface $logger)
    {
        $this->host = env('MAIL_HOST', 'smtp.example.com');
    }

    public function send(Invoice $invoice, string $recipient): bool
    {
        $password = config('mail.smtp.password');
        if ($password === null) {
            Log::channel('billing')->warning('No SMTP password configured, invoice ' . $invoice->number . ' stays queued');
            return false;
        }
        $body = <<<EOT
            Dear customer, your invoice {$invoice->number} is attached.
            It's due on $invoice->dueDate.
            EOT;
        try {
            $this->transport?->deliver($recipient, $body);
        } catch (TransportException $e) {
            $this->logger->error("Delivery of invoice {$invoice->number} to $recipient failed: " . $e->getMessage());
            throw new InvoiceDeliveryException(sprintf('Invoice %s could not be delivered after %d attempts', $invoice->number, 3));
        }
        logger()->info('Invoice {number} sent to {recipient}', ['number' => $invoice->number, 'recipient' => $recipient]);
        return true;
    }

    public function void(Invoice $invoice, User $user): void
    {
        $message = <<<"TXT"
            Invoice $invoice->number was voided by {$user->name}
            TXT;
        $templateMessage = <<<'TXT'
            Totals keep the $currency placeholder as it is
            TXT;
        Log::info('Customer\'s invoice ' . $invoice->number . ' archived under C:\new');
    }

    public static function retryLimit(): int
    {
        $fallback = getenv('INVOICE_RETRY_LIMIT') ?: '5';
        $legacy = $_ENV['INVOICE_LEGACY_MODE'] ?? 'off';
        $uri = $_SERVER['REQUEST_URI'] ?? '';
        error_log('Retry limit read from environment: ' . $fallback);
        return (int) Config::get('billing.retries', $fallback);
    }
}

function helper_outside_class(array $rows): void
{
    $mapper = function ($row) use (&$rows) {
        return $row['id'] ?? 'none';
    };
    $double = fn ($x) => $x * 2;
    app('log')->notice('Mapped ' . count($rows) . ' invoice rows');
    trigger_error("Deprecated invoice helper called with " . count($rows) . " rows", E_USER_DEPRECATED);
}
