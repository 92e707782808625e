#define BOOST_TEST_MODULE persistence_reader
#include <boost/test/unit_test.hpp>
