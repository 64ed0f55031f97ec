package fakeseam

import (
	"sync"
	"time"
)

// Scheduled is an attempt change that happens later, so tests can make an
// attempt finish while a client waits for it.
type Scheduled struct {
	mu    sync.Mutex
	at    time.Time
	timer *time.Timer
}

// At is when the change was applied; zero until then.
func (s *Scheduled) At() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at
}

// Stop cancels the change if it has not happened yet.
func (s *Scheduled) Stop() { s.timer.Stop() }

// PutActionAttemptAfter stores a (replacing the attempt with its id) once d
// has passed: a pending attempt that succeeds or fails later.
func (f *Fake) PutActionAttemptAfter(d time.Duration, a ActionAttempt) *Scheduled {
	s := &Scheduled{}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = time.AfterFunc(d, func() {
		f.PutActionAttempt(a)
		s.mu.Lock()
		s.at = time.Now()
		s.mu.Unlock()
	})
	return s
}
