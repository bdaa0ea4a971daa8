# Builds invoices. A "quote" in a comment is not a string.
class InvoiceGenerator
  TEMPLATE_DIR = ENV.fetch("INVOICE_TEMPLATE_DIR", "/etc/invoices")

  def initialize(order)
    @order = order
    @currency = ENV["INVOICE_CURRENCY"] || "EUR"
  end

  def generate
    if @order.items.empty?
      Rails.logger.warn "Invoice for order #{@order.id} has no line items"
      return nil
    end
    raise ArgumentError, "Unsupported currency #{@currency}" unless %w[EUR USD].include?(@currency)
    Rails.logger.info("Generated invoice #{@order.number} in #{@currency}")
  end
end
