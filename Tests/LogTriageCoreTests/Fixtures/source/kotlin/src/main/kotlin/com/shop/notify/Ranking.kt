package com.shop.notify

import mu.KotlinLogging

private val logger = KotlinLogging.logger {}

object Ranking {
    fun <T : Comparable<T>> pick(first: T, second: T): T {
        logger.debug { "Picking the larger of two push candidates" }
        return if (first > second) first else second
    }

    fun <K, V : Collection<List<K>>> flatten(groups: V): List<K> {
        logger.debug { "Flattening ${groups.size} push groups" }
        return groups.flatten()
    }
}
