const express = require('express');
const log = require('../log');

const retryLimit = parseInt(process.env.ORDER_RETRY_LIMIT || "5", 10);
const APOSTROPHE = /[']/g; // a regex holding a quote must not open a string

const createOrder = async (req, res) => {
  const ratio = req.body.total / retryLimit; // a division, not a regex
  if (!req.body.items) {
    console.warn("Order " + req.params.id + " has no items, rejecting");
    return res.status(400).json({ error: 'Don\'t send empty orders' });
  }
  return res.json({ ratio });
};

function cancelOrder(req, res) {
  log.info('Cancelling order %s for user %s', req.params.id, req.user.id);
}

module.exports = { createOrder, cancelOrder, APOSTROPHE };
