package com.shop.notify

import mu.KotlinLogging

private val logger = KotlinLogging.logger {}

class Notifier(private val client: PushClient) {
    private val endpoint = System.getenv("PUSH_ENDPOINT") ?: "https://push.example.com"

    fun notify(userId: String, message: String): Boolean {
        val retries = (System.getenv("PUSH_RETRIES") ?: "3").toInt()
        if (message.isBlank()) {
            logger.warn { "Skipping empty push for user $userId" }
            return false
        }
        logger.error("Push delivery to ${client.host} failed for user $userId after $retries retries")
        return true
    }
}
