package chainevents_test

import (
	"io"
	stdnet "net"
	"sync"
)

// proxy forwards TCP connections from its own loopback address to target.
// down closes its listener (new connections are refused) and every open
// connection; up listens again on the same address.
type proxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    stdnet.Listener // nil while down
	conns map[stdnet.Conn]struct{}
}

func newProxy(target string) (*proxy, error) {
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &proxy{target: target, addr: ln.Addr().String(), ln: ln, conns: map[stdnet.Conn]struct{}{}}
	go p.serve(ln)
	return p, nil
}

func (p *proxy) serve(ln stdnet.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go p.forward(c)
	}
}

// track registers c, or closes it and reports false while down.
func (p *proxy) track(c stdnet.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		_ = c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *proxy) untrack(c stdnet.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	_ = c.Close()
}

func (p *proxy) forward(client stdnet.Conn) {
	if !p.track(client) {
		return
	}
	defer p.untrack(client)
	server, err := stdnet.Dial("tcp", p.target)
	if err != nil {
		return
	}
	if !p.track(server) {
		return
	}
	defer p.untrack(server)
	go func() {
		_, _ = io.Copy(server, client)
		_ = server.Close()
	}()
	_, _ = io.Copy(client, server)
}

// down refuses new connections and drops the open ones.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

// up accepts connections again on the same address.
func (p *proxy) up() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		return nil
	}
	ln, err := stdnet.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.ln = ln
	go p.serve(ln)
	return nil
}

// open reports how many connections pass through the proxy now.
func (p *proxy) open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}
