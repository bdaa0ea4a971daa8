package payments

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"
)

var ErrDeclined = errors.New("card declined by issuer")

type Gateway struct {
	baseURL string
	timeout time.Duration
}

func NewGateway(options map[string]interface{}) *Gateway {
	url := os.Getenv("GATEWAY_URL")
	if url == "" {
		url = "https://gateway.example.com"
	}
	return &Gateway{baseURL: url}
}

// Charge bills an order. `backquotes` in comments are not strings.
func (g *Gateway) Charge(orderID int64, cents int64) error {
	key, ok := os.LookupEnv("GATEWAY_API_KEY")
	if !ok {
		slog.Error("gateway API key missing", "order", orderID)
		return fmt.Errorf("charge order %d: missing API key", orderID)
	}
	log.Printf("charging order %d for %d cents with key %s", orderID, cents, key[:4])
	return nil
}

func (g *Gateway) Refund(orderID int64) {
	retries := viper.GetInt("payments.refund_retries")
	log.Error().Err(errTimeout).Int64("order", orderID).
		Msgf("refund of order %d gave up after %d retries", orderID, retries)
	sugar.Errorw("refund queue is full", "order", orderID)
}
