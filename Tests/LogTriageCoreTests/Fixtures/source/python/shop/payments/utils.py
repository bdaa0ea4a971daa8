def cents(amount):
    return int(amount * 100)
