#define BOOST_TEST_MODULE messaging
#include <boost/test/unit_test.hpp>
