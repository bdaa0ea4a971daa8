class PaymentGatewayError(Exception):
    """The payment provider could not be reached or refused the charge."""
