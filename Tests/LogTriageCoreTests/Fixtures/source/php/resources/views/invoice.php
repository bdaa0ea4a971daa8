<html><body>
<p>Don't pay twice: "unpaid" invoices wait.</p>
<?php if ($invoice->overdue): ?>
  <p>It's overdue.</p>
  <?php Log::warning('Rendering overdue invoice ' . $invoice->number); ?>
<?php endif; ?>
</body></html>
