package com.shop.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

public class StockService {
    private static final Logger log = LoggerFactory.getLogger(StockService.class);

    @Value("${inventory.reserve-timeout:15}")
    private int reserveTimeout;

    public boolean reserve(String sku, int quantity) throws StockException {
        String region = System.getenv("INVENTORY_REGION");
        if (quantity <= 0) {
            throw new IllegalArgumentException("Quantity must be positive for SKU " + sku);
        }
        log.warn("Reservation of {} units of {} in {} timed out after {}s", quantity, sku, region, reserveTimeout);
        return false;
    }

    private String describe(int count) {
        return String.format("%d items in stock", count);
    }
}
