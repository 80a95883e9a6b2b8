package search

// tokenSet is the set of tokens an analysis has met: an open-addressing hash
// table (linear probing, at most half full) on FNV-1a, cheaper than a map
// for the thousands of short tokens of a mail, most of them repeats. FNV is
// not seeded, so text could be written for its tokens to collide: past
// maxProbe slots searched for one token the set moves to a map (seeded),
// and never costs more than one.
type tokenSet struct {
	slots []tokenSlot // a power of two long; an empty token marks a free slot
	n     int
	m     map[string]struct{} // once the table is given up
}

type tokenSlot struct {
	hash uint32
	tok  string
}

// maxProbe bounds the slots searched for one token.
const maxProbe = 32

// add returns tok as a string and true if the set lacked it, "" and false
// if it held it already.
func (s *tokenSet) add(tok []byte) (string, bool) {
	if s.m != nil {
		return s.addToMap(tok)
	}
	if len(s.slots) == 0 {
		s.reserve(128)
	}
	h := fnv(tok)
	mask := uint32(len(s.slots) - 1)
	i := h & mask
	for probes := 0; s.slots[i].tok != ""; i, probes = (i+1)&mask, probes+1 {
		if s.slots[i].hash == h && s.slots[i].tok == string(tok) {
			return "", false
		}
		if probes == maxProbe {
			s.toMap()
			return s.addToMap(tok)
		}
	}
	t := string(tok)
	s.slots[i] = tokenSlot{hash: h, tok: t}
	if s.n++; 2*s.n > len(s.slots) {
		s.grow()
	}
	return t, true
}

// reserve makes an empty set's table hold n tokens before it grows.
func (s *tokenSet) reserve(n int) {
	if len(s.slots) > 0 || s.m != nil {
		return
	}
	size := 16
	for size < 2*n {
		size *= 2
	}
	s.slots = make([]tokenSlot, size)
}

func (s *tokenSet) addToMap(tok []byte) (string, bool) {
	if _, ok := s.m[string(tok)]; ok {
		return "", false
	}
	t := string(tok)
	s.m[t] = struct{}{}
	return t, true
}

func (s *tokenSet) toMap() {
	s.m = make(map[string]struct{}, 2*s.n)
	for _, sl := range s.slots {
		if sl.tok != "" {
			s.m[sl.tok] = struct{}{}
		}
	}
	s.slots = nil
}

func (s *tokenSet) grow() {
	old := s.slots
	s.slots = make([]tokenSlot, 2*len(old))
	mask := uint32(len(s.slots) - 1)
	for _, sl := range old {
		if sl.tok == "" {
			continue
		}
		i := sl.hash & mask
		for s.slots[i].tok != "" {
			i = (i + 1) & mask
		}
		s.slots[i] = sl
	}
}

// fnv is the 32-bit FNV-1a hash of b.
func fnv(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}
